import { setTimeout as sleep } from 'node:timers/promises';
import { NodeError, type RunContext } from '../../sdk';
import { canReadLabels, labelledProcesses, readStat, stillRunning, type LabelledProcess } from './process-labels';

/**
 * Starts a program that must outlive the run, and the Pipewright process too (the CLI exits
 * after its run): launched through the pty adapter, which then lets go of it. A small Node
 * launcher puts it in a session of its own (setsid, through `detached`) with its output in a
 * log file, and the pty's marker variable is dropped from its environment, so the pty's
 * clean-up of the launcher's tree does not take it.
 */
const LAUNCHER = `
const { spawn } = require('node:child_process');
const { openSync } = require('node:fs');
const [log, cwd, ...argv] = process.argv.slice(1);
delete process.env.ELECTRON_RUN_AS_NODE;
const out = openSync(log, 'a', 0o600);
const child = spawn(argv[0], argv.slice(1), { cwd, detached: true, stdio: ['ignore', out, out] });
child.on('error', (err) => { console.error('cannot start ' + argv[0] + ': ' + err.message); process.exit(127); });
child.on('spawn', () => { console.log('pipewright-pid=' + child.pid); process.exit(0); });
`;

/** The pty adapter's marker, inherited by what a command starts so its clean-up finds it. */
const PTY_MARKER = 'PIPEWRIGHT_PTY_RUN';
const STOP_GRACE_MS = 5000;
const KILL_WAIT_MS = 5000;

export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface LaunchOptions {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
}

/** Starts `argv` detached; resolves with its PID once it has been spawned. */
export async function launchDetached(ctx: RunContext, options: LaunchOptions): Promise<number> {
  let output = '';
  // Inside Electron, execPath is the app: this variable makes it run the launcher as Node.
  const command = [
    'exec env',
    `-u ${PTY_MARKER}`,
    'ELECTRON_RUN_AS_NODE=1',
    shellQuote(process.execPath),
    '-e',
    shellQuote(LAUNCHER),
    '--',
    ...[options.logFile, options.cwd, ...options.argv].map(shellQuote),
  ].join(' ');
  const result = await ctx.pty.run({
    command,
    cwd: options.cwd,
    env: options.env,
    signal: ctx.signal,
    onData: (chunk) => (output += chunk),
  });
  const pid = Number(/pipewright-pid=(\d+)/.exec(output)?.[1]);
  if (result.exitCode !== 0 || !Number.isInteger(pid)) {
    throw new NodeError(`could not start ${options.argv[0]} (exit code ${result.exitCode})`, output.trim() || undefined);
  }
  return pid;
}

async function ownGroup(): Promise<number | undefined> {
  return (await readStat(process.pid))?.pgid;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // ESRCH: gone already; EPERM: not ours.
  }
}

/** Signals each process and, once, each process group they lead or share (never our own). */
async function signalAll(processes: LabelledProcess[], sig: NodeJS.Signals): Promise<void> {
  const mine = await ownGroup();
  const groups = new Set(processes.map((p) => p.pgid).filter((g) => g > 1 && g !== mine));
  for (const g of groups) signal(-g, sig);
  for (const p of processes) signal(p.pid, sig);
}

async function survivors(processes: LabelledProcess[]): Promise<LabelledProcess[]> {
  const alive = await Promise.all(processes.map((p) => stillRunning(p.pid, p.startTime)));
  return processes.filter((_, i) => alive[i]);
}

async function waitGone(processes: LabelledProcess[], ms: number): Promise<LabelledProcess[]> {
  const deadline = Date.now() + ms;
  let left = await survivors(processes);
  while (left.length && Date.now() < deadline) {
    await sleep(50);
    left = await survivors(left);
  }
  return left;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the server started as `pid` still runs (an exited one the system has not reaped counts as gone). */
export async function serverRunning(pid: number): Promise<boolean> {
  if (!canReadLabels()) return alive(pid);
  const stat = await readStat(pid);
  return stat !== undefined && !stat.zombie;
}

/**
 * Where labels cannot be read, a server is stopped through its PID: `detached` made it the
 * leader of its own process group, so the group signal reaches what it started too.
 */
async function stopByPid(pid: number): Promise<number> {
  if (!alive(pid)) return 0;
  signal(-pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (alive(pid) && Date.now() < deadline) await sleep(50);
  if (alive(pid)) signal(-pid, 'SIGKILL');
  return 1;
}

/** Stops one start of a node's server: by its labels where they can be read, else by its PID. */
export async function stopServer(target: { projectId: string; nodeId: string; instance: string; pid: number }): Promise<void> {
  if (canReadLabels()) await stopLabelled(target.projectId, target.nodeId, target.instance);
  else if (target.pid > 0) await stopByPid(target.pid);
}

/**
 * Stops the labelled processes of one node — every one, or those of one start (`instance`):
 * SIGTERM to them and their groups, SIGKILL to what is left after a grace period. Resolves once
 * none runs; returns how many there were.
 */
export async function stopLabelled(projectId: string, nodeId: string, instance?: string): Promise<number> {
  const matching = (await labelledProcesses(projectId, nodeId)).filter((p) => instance === undefined || p.labels.instance === instance);
  if (!matching.length) return 0;
  await signalAll(matching, 'SIGTERM');
  let left = await waitGone(matching, STOP_GRACE_MS);
  // Look again: something may have started while the others shut down.
  const late = (await labelledProcesses(projectId, nodeId)).filter(
    (p) => (instance === undefined || p.labels.instance === instance) && !left.some((l) => l.pid === p.pid),
  );
  left = [...left, ...late];
  if (left.length) {
    await signalAll(left, 'SIGKILL');
    await waitGone(left, KILL_WAIT_MS);
  }
  return matching.length;
}

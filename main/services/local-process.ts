import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { NodeError } from '../../nodes/sdk';
import { killTree } from '../adapters/pty/kill-tree';
import { readProcessRow } from '../adapters/pty/process-table';

/** Carried by a service and everything it starts: finds its descendants once they left its session. */
export const SERVICE_MARKER = 'PIPEWRIGHT_SERVICE';
/**
 * Variables a service must not inherit: the pty adapter's marker (its clean-up of a command's
 * tree would take the service along) and Electron's switch to plain Node (the app's own).
 */
const NOT_INHERITED = ['PIPEWRIGHT_PTY_RUN', 'ELECTRON_RUN_AS_NODE'];
/** A service gets a moment longer than a command to shut down cleanly (servers flush, save). */
const STOP_GRACE_MS = 5000;

export interface Exit {
  code: number | null;
  signal?: string;
}

export interface Spawned {
  pid: number;
  /** Its start time (see ProcessRow.startTime); 0 where the system does not tell. */
  pidStart: number;
  child: ChildProcess;
  /** Set when it ends, while this process watches it. */
  exit(): Exit | undefined;
}

export interface SpawnOptions {
  command: string | string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
  /** `NAME=value`, set in its environment. */
  marker: string;
}

function invocation(command: string | string[]): { file: string; args: string[]; verbatim: boolean } {
  if (Array.isArray(command)) return { file: command[0], args: command.slice(1), verbatim: false };
  if (process.platform === 'win32') return { file: 'cmd.exe', args: ['/d', '/s', '/c', `"${command}"`], verbatim: true };
  return { file: '/bin/sh', args: ['-c', command], verbatim: false };
}

function environment(extra: Record<string, string>, marker: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !NOT_INHERITED.includes(k)) env[k] = v;
  Object.assign(env, extra);
  const eq = marker.indexOf('=');
  env[marker.slice(0, eq)] = marker.slice(eq + 1);
  return env;
}

/**
 * Starts a process that outlives this one: a session of its own (`detached`: setsid), so
 * closing this process's terminal or its pty does not reach it; its output appended to a
 * log file it holds itself, so nothing breaks when this process exits; unref'd, so this
 * process does not wait for it.
 */
export async function spawnDetached(options: SpawnOptions): Promise<Spawned> {
  const { file, args, verbatim } = invocation(options.command);
  const out = openSync(options.logFile, 'w', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(file, args, {
      cwd: options.cwd,
      env: environment(options.env, options.marker),
      detached: true,
      stdio: ['ignore', out, out],
      windowsHide: true,
      windowsVerbatimArguments: verbatim,
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) => reject(new NodeError(`cannot start ${file}: ${err.message}`, `in ${options.cwd}`)));
    });
  } finally {
    // The child has its own copy of the descriptor.
    closeSync(out);
  }
  let exit: Exit | undefined;
  child.on('exit', (code, signal) => (exit = { code, ...(signal ? { signal } : {}) }));
  child.unref();
  const pid = child.pid!;
  const row = await readProcessRow(pid);
  return { pid, pidStart: row?.startTime ?? 0, child, exit: () => exit };
}

/** Whether `pid` still runs the process that started at `pidStart` (0: unknown, any will do). */
export async function stillRunning(pid: number, pidStart: number): Promise<boolean> {
  const row = await readProcessRow(pid);
  if (!row || row.zombie) return false;
  return pidStart === 0 || row.startTime === 0 || row.startTime === pidStart;
}

/**
 * Stops a recorded service and everything it started: its session, its descendants and (on
 * Linux) whatever carries its marker. A PID that now belongs to another process is left alone:
 * only the marked processes are ended then.
 */
export async function stopProcessTree(target: { pid: number; pidStart: number; marker: string }): Promise<void> {
  const root = (await stillRunning(target.pid, target.pidStart)) ? target.pid : 0;
  await killTree(root, { envEntry: target.marker, graceMs: STOP_GRACE_MS });
}

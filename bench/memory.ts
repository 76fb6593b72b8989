import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/*
 * Peak memory (VmHWM, the most resident memory a process ever had, from /proc/PID/status) of
 *   - a 10,000-node chain run through the engine, in a process of its own (this file run as a
 *     child under tsx, no-op nodes, memory cache, an event listener as the CLI has);
 *   - `pipewright serve` (the built CLI) standing idle over a data folder of 100 projects.
 * `npx tsx bench/memory.ts` (Linux: it reads /proc). The serve figure needs `npm run build`.
 */

const ROOT = resolve(__dirname, '..');
const CLI = join(ROOT, 'out', 'main', 'cli.js');
const NODES = 10_000;
const PROJECTS = 100;
const IDLE_MS = 3000;

/** VmHWM and VmRSS of a live process, in MiB. */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peak: kib('VmHWM') / 1024, now: kib('VmRSS') / 1024 };
}

/** Resolves with the first line the child prints that starts with `prefix`. */
function lineFrom(child: ChildProcess, prefix: string, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "${prefix}" line within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (line === undefined) return;
      clearTimeout(timer);
      resolvePromise(line);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the child exited (${code}) before printing "${prefix}":\n${out}`));
    });
  });
}

async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

/** In the child: run the chain, say so, and wait to be measured and ended. */
async function childRun(): Promise<void> {
  const { chain, makeBenchEngine } = await import('./engine');
  const root = mkdtempSync(join(tmpdir(), 'pipewright-bench-memory-'));
  try {
    const before = memoryOf(process.pid);
    let events = 0;
    const summary = await makeBenchEngine(root).run(chain(NODES), { projectId: 'bench', onEvent: () => void events++ }).done;
    if (summary.status !== 'succeeded') throw new Error(`the ${NODES}-node run ${summary.status}`);
    process.stdout.write(`ran ${JSON.stringify({ events, before: before.peak })}\n`);
    await sleep(60_000); // the parent ends this process once it has read its memory
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function runFigure(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename], {
    env: { ...process.env, BENCH_MEMORY_CHILD: 'run' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const line = await lineFrom(child, 'ran ', 120_000);
    const { events, before } = JSON.parse(line.slice(4)) as { events: number; before: number };
    const { peak } = memoryOf(child.pid!);
    return `${NODES.toLocaleString('en')}-node chain run (${events.toLocaleString('en')} events): peak ${peak.toFixed(0)} MiB (${before.toFixed(0)} MiB before the run: Node, tsx, the engine)`;
  } finally {
    await end(child);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePromise(port));
    });
  });
}

async function serveFigure(): Promise<string> {
  if (!existsSync(CLI)) return 'pipewright serve: not measured, the CLI is not built (npm run build)';
  const home = mkdtempSync(join(tmpdir(), 'pipewright-bench-serve-'));
  let child: ChildProcess | undefined;
  try {
    const { Store } = await import('../main/store');
    const store = Store.open(home);
    for (let i = 0; i < PROJECTS; i++) store.projects.create({ name: `Project ${i + 1}` });
    store.close();
    const port = await freePort();
    child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
      env: { ...process.env, PIPEWRIGHT_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const until = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`pipewright serve exited (${child.exitCode}):\n${output}`);
      if (Date.now() > until) throw new Error(`pipewright serve did not answer on port ${port} within 60 s:\n${output}`);
      const answered = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(
        () => true,
        () => false,
      );
      if (answered) break;
      await sleep(100);
    }
    await sleep(IDLE_MS);
    const { peak, now } = memoryOf(child.pid!);
    return `pipewright serve, idle ${IDLE_MS / 1000} s after start, ${PROJECTS} projects: peak ${peak.toFixed(0)} MiB, now ${now.toFixed(0)} MiB`;
  } finally {
    if (child) await end(child);
    rmSync(home, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  if (!existsSync('/proc/self/status')) {
    console.log('memory: needs /proc (Linux); not measured');
    return;
  }
  console.log('peak resident memory (VmHWM), each in a process of its own');
  console.log(`  ${await runFigure()}`);
  console.log(`  ${await serveFigure()}`);
}

if (require.main === module) {
  (process.env.BENCH_MEMORY_CHILD === 'run' ? childRun() : main()).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

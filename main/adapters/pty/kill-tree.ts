import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { listProcesses, pidsWithEnvEntry, readProcessRow, type ProcessRow } from './process-table';

export interface KillTreeOptions {
  /** How long survivors of SIGTERM get to clean up before SIGKILL (default 2000 ms). */
  graceMs?: number;
  /**
   * A `NAME=value` variable set in the environment of the tree's root: processes that left the
   * tree (setsid, then their parent exited) are still found by it (Linux).
   */
  envEntry?: string;
}

/** PID → start time, so a PID reused by an unrelated process is not mistaken for ours. */
type Targets = Map<number, number>;

interface Tree {
  targets: Targets;
  /** Some process still belongs to the process group `pid`, so signalling `-pid` reaches ours only. */
  groupExists: boolean;
}

const POLL_MS = 50;
/** After SIGKILL the kernel needs a moment (longer for a process stuck in disk I/O). */
const KILL_WAIT_MS = 5000;

async function findTree(pid: number, envEntry: string | undefined): Promise<Tree> {
  const rows = await listProcesses();
  const roots = new Set<number>();
  let groupExists = false;
  for (const r of rows) {
    if (r.pgid === pid) groupExists = true;
    // The pty made `pid` a session and group leader: whatever stayed in either is ours.
    if (pid > 0 && (r.pid === pid || r.pgid === pid || r.sid === pid)) roots.add(r.pid);
  }
  if (envEntry) for (const p of await pidsWithEnvEntry(rows, envEntry)) roots.add(p);

  const children = new Map<number, ProcessRow[]>();
  for (const r of rows) {
    const list = children.get(r.ppid) ?? [];
    list.push(r);
    children.set(r.ppid, list);
  }
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  const targets: Targets = new Map();
  const queue = [...roots];
  while (queue.length) {
    const p = queue.pop()!;
    const row = byPid.get(p);
    if (!row || targets.has(p) || p === process.pid) continue;
    if (!row.zombie) targets.set(p, row.startTime);
    for (const c of children.get(p) ?? []) queue.push(c.pid);
  }
  return { targets, groupExists };
}

function signalTree(pid: number, tree: Tree, signal: NodeJS.Signals): void {
  // The group signal also reaches children forked after the scan; the per-PID signals reach
  // those that moved to a group or session of their own.
  if (pid > 0 && tree.groupExists) trySignal(-pid, signal);
  for (const p of tree.targets.keys()) trySignal(p, signal);
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: gone already. EPERM: not ours to signal.
  }
}

async function survivors(targets: Targets): Promise<Targets> {
  const alive: Targets = new Map();
  const rows =
    process.platform === 'linux'
      ? await Promise.all([...targets.keys()].map((p) => readProcessRow(p)))
      : await listProcesses();
  for (const r of rows) {
    if (!r || r.zombie || !targets.has(r.pid)) continue;
    const started = targets.get(r.pid)!;
    if (started === 0 || r.startTime === started) alive.set(r.pid, started);
  }
  return alive;
}

async function waitUntilGone(targets: Targets, ms: number): Promise<Targets> {
  const deadline = Date.now() + ms;
  let alive = await survivors(targets);
  while (alive.size > 0 && Date.now() < deadline) {
    await sleep(POLL_MS);
    alive = await survivors(alive);
  }
  return alive;
}

function killTreeWindows(pid: number): Promise<void> {
  return new Promise((resolve) => {
    execFile('taskkill', ['/pid', String(pid), '/T', '/F'], () => resolve());
  });
}

/**
 * Ends a process and everything it started: its process group, its session, its descendants
 * (walked by parent links, since children that call setsid escape a group signal) and, with
 * `envEntry`, orphans that carry the marker. SIGTERM first, SIGKILL for whatever is still
 * alive after the grace period. Resolves once none of them runs any more.
 * `pid` 0 means the root is gone (or its PID now belongs to someone else): only the processes
 * carrying `envEntry`, and theirs, are ended.
 */
export async function killTree(pid: number, options: KillTreeOptions = {}): Promise<void> {
  if (process.platform === 'win32') return pid > 0 ? killTreeWindows(pid) : undefined;
  const first = await findTree(pid, options.envEntry);
  if (first.targets.size === 0 && !first.groupExists) return;
  signalTree(pid, first, 'SIGTERM');
  const left = await waitUntilGone(first.targets, options.graceMs ?? 2000);
  // Look again: a process may have forked while it handled SIGTERM.
  const again = await findTree(pid, options.envEntry);
  if (left.size === 0 && again.targets.size === 0) return;
  const all: Tree = {
    targets: new Map([...left, ...again.targets]),
    groupExists: again.groupExists,
  };
  signalTree(pid, all, 'SIGKILL');
  await waitUntilGone(all.targets, KILL_WAIT_MS);
}

import { readdir, readFile } from 'node:fs/promises';

/**
 * Labels for a detached local process, carried in its environment: the process table is the
 * record, the way Docker's labels are for containers. A later run (another CLI process, or the
 * app after a restart) finds the server by them, reuses or replaces it, and stops it.
 * Children (code-server's extension host, the person's terminals) inherit them; the root is
 * the labelled process whose parent is not labelled.
 */
export const LABEL = {
  project: 'PIPEWRIGHT_SERVICE_PROJECT',
  node: 'PIPEWRIGHT_SERVICE_NODE',
  run: 'PIPEWRIGHT_SERVICE_RUN',
  /** One start of the server: stopping it must not take a newer one for the same node. */
  instance: 'PIPEWRIGHT_SERVICE_INSTANCE',
  /** Hash of everything that shapes the server: equal hashes may be reused. */
  config: 'PIPEWRIGHT_SERVICE_CONFIG',
  name: 'PIPEWRIGHT_SERVICE_NAME',
  url: 'PIPEWRIGHT_SERVICE_URL',
  keep: 'PIPEWRIGHT_SERVICE_KEEP',
  /** The folder holding its home, user data, extensions, log and (without a secret store) password. */
  state: 'PIPEWRIGHT_SERVICE_STATE',
  log: 'PIPEWRIGHT_SERVICE_LOG',
} as const;

export type Labels = Partial<Record<keyof typeof LABEL, string>>;

export interface LabelledProcess {
  pid: number;
  ppid: number;
  pgid: number;
  /** Clock ticks since boot: tells a PID apart from a later process that reused it. */
  startTime: number;
  labels: Labels;
}

/** Whether this platform lets us read other processes' environments (Linux's /proc). */
export function canReadLabels(): boolean {
  return process.platform === 'linux';
}

export function labelEnv(labels: Labels): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, name] of Object.entries(LABEL)) {
    const value = labels[key as keyof Labels];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

interface Stat {
  ppid: number;
  pgid: number;
  startTime: number;
  zombie: boolean;
}

/** /proc/PID/stat: the command name may hold spaces and parentheses, so fields count from the last ')'. */
export async function readStat(pid: number): Promise<Stat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    zombie: fields[0] === 'Z' || fields[0] === 'X',
    ppid: Number(fields[1]),
    pgid: Number(fields[2]),
    startTime: Number(fields[19]),
  };
}

async function readLabels(pid: number): Promise<Labels | undefined> {
  // Other users' processes refuse the read: they are not ours anyway.
  const raw = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => undefined);
  if (!raw || !raw.includes(LABEL.project)) return undefined;
  const labels: Labels = {};
  const byName = new Map<string, keyof Labels>(Object.entries(LABEL).map(([k, v]) => [v, k as keyof Labels]));
  for (const entry of raw.split('\0')) {
    const eq = entry.indexOf('=');
    const key = byName.get(entry.slice(0, eq));
    if (key) labels[key] = entry.slice(eq + 1);
  }
  return labels;
}

/** Every live process carrying the labels of `projectId`/`nodeId` (all of them, children included). */
export async function labelledProcesses(projectId: string, nodeId: string): Promise<LabelledProcess[]> {
  if (!canReadLabels()) return [];
  const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n)).map(Number);
  const found: LabelledProcess[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      if (pid === process.pid) return;
      const labels = await readLabels(pid);
      if (!labels || labels.project !== projectId || labels.node !== nodeId) return;
      const stat = await readStat(pid);
      if (!stat || stat.zombie) return;
      found.push({ pid, ppid: stat.ppid, pgid: stat.pgid, startTime: stat.startTime, labels });
    }),
  );
  return found.sort((a, b) => a.pid - b.pid);
}

/** The roots among labelled processes: the servers themselves, not what they started. */
export function roots(processes: LabelledProcess[]): LabelledProcess[] {
  const pids = new Set(processes.map((p) => p.pid));
  return processes.filter((p) => !pids.has(p.ppid));
}

/** Whether `pid` still runs the process that started at `startTime`. */
export async function stillRunning(pid: number, startTime: number): Promise<boolean> {
  const stat = await readStat(pid);
  return stat !== undefined && !stat.zombie && stat.startTime === startTime;
}

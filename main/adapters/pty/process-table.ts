import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** One row of the process table: enough to find a process tree and to tell PIDs apart. */
export interface ProcessRow {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Zombies are dead already; they only wait to be reaped. */
  zombie: boolean;
  /** Clock ticks since boot on Linux (0 elsewhere): a reused PID has a different value. */
  startTime: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so split after the last ')'. */
export function parseProcStat(text: string): ProcessRow | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number.parseInt(text, 10);
  const f = text.slice(close + 2).split(' ');
  // After the name: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
  // utime stime cutime cstime priority nice num_threads itrealvalue starttime …
  if (!Number.isFinite(pid) || f.length < 20) return undefined;
  return {
    pid,
    ppid: Number(f[1]),
    pgid: Number(f[2]),
    sid: Number(f[3]),
    zombie: f[0] === 'Z' || f[0] === 'X',
    startTime: Number(f[19]),
  };
}

export async function readProcessRow(pid: number): Promise<ProcessRow | undefined> {
  if (process.platform !== 'linux') {
    return (await listProcesses()).find((p) => p.pid === pid);
  }
  try {
    return parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

async function listLinux(): Promise<ProcessRow[]> {
  const names = await readdir('/proc');
  const rows = await Promise.all(
    names.filter((n) => /^\d+$/.test(n)).map((n) => readProcessRow(Number(n))),
  );
  return rows.filter((r): r is ProcessRow => r !== undefined);
}

function listWithPs(): Promise<ProcessRow[]> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], (err, stdout) => {
      if (err) return reject(new Error(`could not list processes with ps: ${err.message}`));
      const rows: ProcessRow[] = [];
      for (const line of stdout.split('\n')) {
        const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
        if (!pid || !stat) continue;
        // ps on macOS has no session column; the pty's group stands in for its session.
        rows.push({
          pid: Number(pid),
          ppid: Number(ppid),
          pgid: Number(pgid),
          sid: Number(pgid),
          zombie: stat.startsWith('Z'),
          startTime: 0,
        });
      }
      resolve(rows);
    });
  });
}

/** Every process this user can see (Linux: /proc, macOS and others: ps). */
export function listProcesses(): Promise<ProcessRow[]> {
  return process.platform === 'linux' ? listLinux() : listWithPs();
}

/**
 * PIDs whose environment holds `entry` (NAME=value). A child started with setsid whose parent
 * has exited hangs under init with no link back to us; only the variable it inherited names it.
 * Linux only: other systems do not expose another process's environment cheaply.
 */
export async function pidsWithEnvEntry(rows: readonly ProcessRow[], entry: string): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const needle = Buffer.from(`\0${entry}\0`);
  const found = await Promise.all(
    rows.map(async (r) => {
      try {
        const env = await readFile(`/proc/${r.pid}/environ`);
        const padded = Buffer.concat([Buffer.from([0]), env, Buffer.from([0])]);
        return padded.includes(needle) ? r.pid : undefined;
      } catch {
        return undefined; // another user's process, or gone already
      }
    }),
  );
  return found.filter((p): p is number => p !== undefined);
}

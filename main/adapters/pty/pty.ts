import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IPty } from '@lydell/node-pty';
import { loadLater } from '../load-later';
import type { PtyApi, PtyResult, PtyRunOptions } from '../../../nodes/sdk';
import { killTree } from './kill-tree';

// A native addon: loaded by the first command a run starts, not by every CLI command.
const nodePty = loadLater<typeof import('@lydell/node-pty')>('@lydell/node-pty');

export { killTree, type KillTreeOptions } from './kill-tree';

/** Inherited by everything a command starts, so orphans can be found and stopped (see killTree). */
const MARKER_VAR = 'PIPEWRIGHT_PTY_RUN';
/** node-pty reports exit once it has read the last output; a bound in case that never comes. */
const EXIT_REPORT_MS = 5000;
const EOF = '\x04';

function abortError(command: string, reason: unknown): Error {
  const first = command.split('\n')[0];
  const shown = first.length > 80 ? `${first.slice(0, 80)}…` : first;
  const err = new Error(`command cancelled: ${shown}`, { cause: reason });
  err.name = 'AbortError';
  return err;
}

function signalName(n: number): string | undefined {
  if (!n) return undefined;
  return Object.entries(constants.signals).find(([, v]) => v === n)?.[0] ?? `signal ${n}`;
}

async function assertFolder(cwd: string): Promise<void> {
  const info = await stat(cwd).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new Error(`cannot run a command in "${cwd}": that folder does not exist; create it or pick another working folder`);
  }
}

/**
 * Input goes through a file, not the terminal: a terminal echoes what it is sent (so `cat`
 * would print everything twice) and cuts lines longer than 4095 bytes. A file is read exactly
 * and ends with a real end-of-file.
 */
async function writeInputFile(input: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'pipewright-stdin-'));
  const file = join(dir, 'input');
  // Like a shell here-string: text without a final newline still counts as a last line.
  const text = input === '' || input.endsWith('\n') ? input : `${input}\n`;
  await writeFile(file, text, { mode: 0o600 });
  return { dir, file };
}

function shellInvocation(command: string, inputFile?: string): { file: string; args: string[] | string } {
  if (process.platform === 'win32') {
    const line = inputFile ? `(${command}) < "${inputFile}"` : command;
    return { file: 'cmd.exe', args: `/d /s /c "${line}"` };
  }
  if (!inputFile) return { file: '/bin/sh', args: ['-c', command] };
  // exec keeps the PID, so the process the pty reports is the one running the command.
  return { file: '/bin/sh', args: ['-c', 'exec /bin/sh -c "$1" sh < "$2"', 'sh', command, inputFile] };
}

function mergedEnv(extra: Record<string, string> | undefined, marker: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.TERM = 'xterm-256color';
  Object.assign(env, extra);
  env[MARKER_VAR] = marker;
  return env;
}

type Exit = { exitCode: number; signal?: number };

async function runInPty(options: PtyRunOptions): Promise<PtyResult> {
  const { command, cwd, signal } = options;
  if (signal?.aborted) throw abortError(command, signal.reason);
  await assertFolder(cwd);
  const marker = randomUUID();
  const envEntry = `${MARKER_VAR}=${marker}`;
  const input = options.input !== undefined ? await writeInputFile(options.input) : undefined;
  let term: IPty | undefined;
  let onAbort: (() => void) | undefined;
  try {
    if (signal?.aborted) throw abortError(command, signal.reason);
    const shell = shellInvocation(command, input?.file);
    term = nodePty().spawn(shell.file, shell.args, {
      name: 'xterm-256color',
      cwd,
      env: mergedEnv(options.env, marker),
      cols: options.cols ?? 120,
      rows: options.rows ?? 30,
    });
    const pty = term;
    const dataSub = pty.onData((chunk) => options.onData?.(chunk));
    let exit: Exit | undefined;
    const exited = new Promise<Exit>((resolve) => {
      pty.onExit((e) => {
        exit = e;
        resolve(e);
      });
    });
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    // Without input the terminal is stdin: end-of-file right away, so a command that reads
    // stdin finishes instead of waiting for keys nobody will type.
    if (!input) pty.write(EOF);

    const first = await Promise.race([exited, aborted]);
    if (first === 'aborted' && exit === undefined) {
      await killTree(pty.pid, { envEntry });
      await Promise.race([exited, new Promise((r) => setTimeout(r, EXIT_REPORT_MS).unref())]);
      dataSub.dispose();
      throw abortError(command, signal?.reason);
    }
    // The shell is gone; background children it left behind are not.
    await killTree(pty.pid, { envEntry });
    dataSub.dispose();
    const done = exit!;
    const signalled = signalName(done.signal ?? 0);
    return {
      // Shells report death by signal N as 128 + N; so do we, so it never reads as success.
      exitCode: signalled && done.exitCode === 0 ? 128 + (done.signal ?? 0) : done.exitCode,
      ...(signalled ? { signal: signalled } : {}),
      pid: pty.pid,
    };
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (input) await rm(input.dir, { recursive: true, force: true });
  }
}

/** The pty adapter: commands under a pseudo-terminal, cancelled as a whole process tree. */
export function createPty(): PtyApi {
  return { run: runInPty };
}

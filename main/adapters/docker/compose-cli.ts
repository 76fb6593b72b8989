import { execFile } from 'node:child_process';
import { NodeError } from '../../../nodes/sdk';
import { terminalText } from '../../../nodes/sdk/node/terminal-text';

/**
 * The one door to the compose command line: the compose plugin (`docker compose`) where the
 * engine's CLI has it, else the standalone `docker-compose` (Debian ships v1.29).
 */
export interface ComposeCli {
  /** How it is called, for the log: `docker compose` or `docker-compose`. */
  name: string;
  run(args: string[], options: ComposeRunOptions): Promise<{ stdout: string; stderr: string }>;
}

export interface ComposeRunOptions {
  cwd: string;
  /** Added to this process's environment (DOCKER_HOST, secrets the file reads). */
  env?: Record<string, string>;
  signal?: AbortSignal;
}

/** Thrown when compose exits non-zero: its output, for the caller to explain. */
export class ComposeFailed extends Error {
  constructor(
    readonly args: string[],
    readonly output: string,
  ) {
    super(`compose ${args.join(' ')} failed`);
  }
}

function exec(file: string, args: string[], options: ComposeRunOptions): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: { ...process.env, ...options.env }, signal: options.signal, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout, stderr });
        if (err.name === 'AbortError' || options.signal?.aborted) return reject(err);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(err);
        // Build steps print in colour: the error and the diagnosis get the text a terminal shows.
        reject(new ComposeFailed(args, terminalText(`${stderr}${stdout}`).trim()));
      },
    );
  });
}

/** The engine's own CLI (`docker stack deploy`): run like compose, its failures reported the same way. */
export function dockerCli(args: string[], options: ComposeRunOptions): Promise<{ stdout: string; stderr: string }> {
  return exec('docker', args, options);
}

let found: Promise<ComposeCli> | undefined;

/** Finds the compose command once per process; throws saying how to install one when there is none. */
export function composeCli(): Promise<ComposeCli> {
  found ??= (async () => {
    const plugin = await exec('docker', ['compose', 'version'], { cwd: process.cwd() }).then(
      () => true,
      () => false,
    );
    if (plugin) return { name: 'docker compose', run: (args, o) => exec('docker', ['compose', ...args], o) };
    const v1 = await exec('docker-compose', ['version', '--short'], { cwd: process.cwd() }).then(
      () => true,
      () => false,
    );
    if (v1) return { name: 'docker-compose', run: (args, o) => exec('docker-compose', args, o) };
    found = undefined;
    throw new NodeError(
      'neither `docker compose` nor `docker-compose` is installed, so the stack cannot be brought up',
      'Install one: the Docker Compose plugin, or on Debian and Ubuntu `apt-get install docker-compose`, then run again.',
    );
  })();
  return found;
}

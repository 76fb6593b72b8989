import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface ServeProcess {
  url: string;
  loginUrl: string;
  token: string;
  home: string;
  stop(): Promise<void>;
}

/**
 * Starts the real `pipewright serve` (the built CLI, out/main/cli.js) on a free loopback port
 * with its own data folder, and waits for the URL it prints.
 */
export async function startServe(options: { home?: string } = {}): Promise<ServeProcess> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'pw-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'pipewright.cjs'), 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, PIPEWRIGHT_HOME: home, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const loginUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pipewright serve printed no URL in 20 s:\n${output}`)), 20_000);
    const read = (d: Buffer) => {
      output += d;
      const m = /open (http:\/\/\S+\?token=\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`pipewright serve exited with ${code}:\n${output}`)));
  });
  const url = new URL(loginUrl);
  const token = url.searchParams.get('token')!;
  return {
    url: url.origin,
    loginUrl,
    token,
    home,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!options.home) rmSync(home, { recursive: true, force: true });
    },
  };
}

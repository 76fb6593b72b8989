import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessRunning } from '../../../nodes/test-context.test-support';
import { createPty, killTree } from './pty';

const pty = createPty();
let dir: string;

beforeAll(async () => {
  dir = realpathSync(await mkdtemp(join(tmpdir(), 'pty-test-')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function pidsIn(output: string, label: string): number[] {
  return [...output.matchAll(new RegExp(`${label}=(\\d+)`, 'g'))].map((m) => Number(m[1]));
}

/** Runs `command`, aborts once its output contains `ready`, and returns what it printed. */
async function runThenAbort(command: string, ready: string) {
  const controller = new AbortController();
  let output = '';
  const started = Date.now();
  const outcome = pty
    .run({
      command,
      cwd: dir,
      signal: controller.signal,
      onData: (c) => {
        output += c;
        if (output.includes(ready)) controller.abort();
      },
    })
    .then(
      () => ({ error: undefined as Error | undefined }),
      (error: Error) => ({ error }),
    );
  const { error } = await outcome;
  return { error, output, elapsed: Date.now() - started };
}

describe('createPty().run', () => {
  it('streams output as it comes and resolves with the exit code and pid', async () => {
    const chunks: string[] = [];
    const result = await pty.run({
      command: 'echo one; sleep 0.3; echo two',
      cwd: dir,
      onData: (c) => chunks.push(c),
    });
    expect(result.exitCode).toBe(0);
    expect(result.pid).toBeGreaterThan(0);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.join('')).toBe('one\r\ntwo\r\n');
  });

  it('reports a failing exit code, and death by signal as 128 + N with the signal name', async () => {
    expect((await pty.run({ command: 'exit 3', cwd: dir })).exitCode).toBe(3);
    const killed = await pty.run({ command: 'kill -9 $$', cwd: dir });
    expect(killed.exitCode).toBe(137);
    expect(killed.signal).toBe('SIGKILL');
  });

  it('runs in the given folder with the given environment and a colour terminal', async () => {
    let out = '';
    await pty.run({
      command: 'pwd; echo "$GREETING"; echo "$TERM"; test -t 1 && echo tty',
      cwd: dir,
      env: { GREETING: 'hello there' },
      onData: (c) => (out += c),
    });
    expect(out.split('\r\n')).toEqual([dir, 'hello there', 'xterm-256color', 'tty', '']);
  });

  it('writes input to stdin once, and the command sees end of input', async () => {
    let out = '';
    const r = await pty.run({ command: 'wc -l', cwd: dir, input: 'a\nb\nc', onData: (c) => (out += c) });
    expect(r.exitCode).toBe(0);
    expect(out.trim()).toBe('3');

    out = '';
    await pty.run({ command: 'cat', cwd: dir, input: 'hello\nworld\n', onData: (c) => (out += c) });
    expect(out).toBe('hello\r\nworld\r\n');
  });

  it('passes long lines of input through whole', async () => {
    let out = '';
    await pty.run({ command: 'wc -c', cwd: dir, input: 'x'.repeat(10_000), onData: (c) => (out += c) });
    expect(out.trim()).toBe('10001');
  });

  it('gives a command that reads stdin an end of input when there is no input', async () => {
    let out = '';
    const r = await pty.run({ command: 'cat; echo after-cat', cwd: dir, onData: (c) => (out += c) });
    expect(r.exitCode).toBe(0);
    expect(out).toContain('after-cat');
  });

  it('names the missing folder when the working folder does not exist', async () => {
    await expect(pty.run({ command: 'true', cwd: join(dir, 'nope') })).rejects.toThrow(
      /"[^"]*nope": that folder does not exist/,
    );
  });

  it('does not start a command whose signal is already aborted', async () => {
    const marker = join(dir, 'should-not-exist');
    await expect(
      pty.run({ command: `touch ${marker}`, cwd: dir, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(marker)).toBe(false);
  });

  it('on abort kills the whole tree, children in other groups and sessions included', async () => {
    const command = [
      'sleep 1000 & echo "bg=$!"',
      'sleep 1000 & echo "bg=$!"',
      'setsid sleep 1000 & echo "sid=$!"',
      `sh -c 'nohup sleep 1000 >/dev/null 2>&1 & echo "nohup=$!"'`,
      'echo "shell=$$"',
      'echo ready',
      'wait',
    ].join('\n');
    const { error, output } = await runThenAbort(command, 'ready');
    expect(error).toMatchObject({ name: 'AbortError' });
    const pids = [
      ...pidsIn(output, 'bg'),
      ...pidsIn(output, 'sid'),
      ...pidsIn(output, 'nohup'),
      ...pidsIn(output, 'shell'),
    ];
    expect(pids).toHaveLength(5);
    expect(pids.filter(isProcessRunning)).toEqual([]);
  });

  it('kills with SIGKILL what ignores SIGTERM, after the grace period', async () => {
    const command = `trap '' TERM; sleep 1000 & echo "bg=$!"; echo "shell=$$"; echo ready; wait`;
    const { error, output, elapsed } = await runThenAbort(command, 'ready');
    expect(error).toMatchObject({ name: 'AbortError' });
    const pids = [...pidsIn(output, 'bg'), ...pidsIn(output, 'shell')];
    expect(pids).toHaveLength(2);
    expect(pids.filter(isProcessRunning)).toEqual([]);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
  });

  it('finishes when the command exits and stops what it left running in the background', async () => {
    let out = '';
    const started = Date.now();
    const result = await pty.run({
      // The setsid child writes its PID only once it has left the session; the shell waits for
      // that, so at exit the child hangs under init, linked to the run by nothing but its env.
      command: [
        'sleep 1000 & echo "bg=$!"',
        `setsid sh -c 'echo "sid=$$" > sid.txt; exec sleep 1000' &`,
        'while [ ! -s sid.txt ]; do sleep 0.05; done',
        'cat sid.txt',
        'exit 0',
      ].join('\n'),
      cwd: dir,
      onData: (c) => (out += c),
    });
    expect(result.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    const pids = [...pidsIn(out, 'bg'), ...pidsIn(out, 'sid')];
    expect(pids).toHaveLength(2);
    expect(pids.filter(isProcessRunning)).toEqual([]);
  });
});

describe('killTree', () => {
  it('ends a process tree started outside the pty adapter', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('/bin/sh', ['-c', 'sleep 1000 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const grandchild = await new Promise<number>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    expect(isProcessRunning(grandchild)).toBe(true);
    await killTree(child.pid!);
    expect(isProcessRunning(grandchild)).toBe(false);
    expect(isProcessRunning(child.pid!)).toBe(false);
  });
});

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../main/adapters/pty/pty';
import { NodeError } from '../sdk';
import { createTestRunContext, isProcessRunning, type TestRunContext } from '../test-context.test-support';
import { shellDefinition } from './definition';
import { shellRuntime } from './runtime';

let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function context(): Promise<TestRunContext> {
  t = await createTestRunContext({ pty: createPty(), nodeId: 'build' });
  return t;
}

function run(tc: TestRunContext, params: Record<string, unknown>, inputs: Record<string, unknown> = {}) {
  return shellRuntime.run({ inputs, params: shellDefinition.params.parse(params), ctx: tc.ctx });
}

const logText = (tc: TestRunContext) => tc.logs.map((l) => l.chunk).join('');

describe('shell node', () => {
  it('runs in the connected workspace, sees its files and passes the workspace on', async () => {
    const tc = await context();
    const ws = join(tc.root, 'checkout');
    await mkdir(ws);
    await writeFile(join(ws, 'notes.txt'), 'from upstream\n');
    const out = await run(tc, { command: 'cat notes.txt && echo made > built.txt' }, { workspace: { path: ws } });
    expect(out).toEqual({ workspace: { path: ws }, stdout: 'from upstream\n', exitCode: 0 });
    const check = await run(tc, { command: 'cat built.txt' }, { workspace: { path: ws } });
    expect(check.stdout).toBe('made\n');
  });

  it('runs in a fresh empty workspace when none is connected', async () => {
    const tc = await context();
    const first = await run(tc, { command: 'touch leftover && pwd' });
    const folder = (first.workspace as { path: string }).path;
    expect(first.stdout).toBe(`${folder}\n`);
    expect(folder.startsWith(tc.root)).toBe(true);
    const second = await run(tc, { command: 'ls -A | wc -l' });
    expect((second.workspace as { path: string }).path).toBe(folder);
    expect((second.stdout as string).trim()).toBe('0');
  });

  it('gives the input text to the command on stdin, once and whole', async () => {
    const tc = await context();
    const out = await run(tc, { command: 'sort' }, { input: 'pear\napple\nfig' });
    expect(out.stdout).toBe('apple\nfig\npear\n');
  });

  it('logs the command first, streams raw output, and cleans the stdout value', async () => {
    const tc = await context();
    const command = "printf '\\033[31mred\\033[0m\\n'; printf '10%%\\r50%%\\r100%%\\n'; printf 'tab\\there\\n'";
    const out = await run(tc, { command });
    expect(tc.logs[0]).toEqual({ chunk: `$ ${command}\n`, stream: 'info' });
    expect(logText(tc)).toContain('\x1b[31mred\x1b[0m\r\n');
    expect(out.stdout).toBe('red\n100%\ntab\there\n');
  });

  it('shows every line of a multi-line command in the log', async () => {
    const tc = await context();
    await run(tc, { command: 'echo one\necho two' });
    expect(tc.logs[0]).toEqual({ chunk: '$ echo one\n> echo two\n', stream: 'info' });
  });

  it('passes env values to the command without writing them to the log', async () => {
    const tc = await context();
    const out = await run(tc, {
      command: 'printf %s "$API_TOKEN" | wc -c',
      env: { API_TOKEN: 's3cr3t-value' },
    });
    expect((out.stdout as string).trim()).toBe('12');
    expect(logText(tc)).not.toContain('s3cr3t-value');
  });

  it('refuses env names a shell cannot use', () => {
    const parsed = shellDefinition.params.safeParse({ command: 'true', env: { 'BAD-NAME': 'x' } });
    expect(parsed.success).toBe(false);
    expect(shellDefinition.params.safeParse({ command: '' }).success).toBe(false);
  });

  it('fails on a non-zero exit with the last 40 lines of output under the error', async () => {
    const tc = await context();
    const error = await run(tc, { command: 'for i in $(seq 1 100); do echo "line $i"; done; exit 3' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toBe('command exited with code 3');
    const detail = (error as NodeError).detail!.split('\n');
    expect(detail).toHaveLength(40);
    expect(detail[0]).toBe('line 61');
    expect(detail[39]).toBe('line 100');
  });

  it('shows the error under a failed command as a terminal would, without spinner frames redrawn above', async () => {
    const tc = await context();
    // A two-line spinner that moves the cursor up to redraw itself, as log-update and ora do.
    const redraw = String.raw`\033[2K\033[1A\033[2K\033[1A\033[2K\033[G`;
    const command =
      String.raw`printf '\033[?25l- building\n  step 1\n'; ` +
      `printf '${redraw}\\ building\\n  step 2\\n'; ` +
      `printf '${redraw}x build failed\\n  3 errors\\n\\033[?25h'; exit 1`;
    const error = await run(tc, { command }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).detail).toBe('x build failed\n  3 errors');
    expect(logText(tc)).toContain('step 1');
  });

  it('keeps only the last 64 KiB of a large output in stdout while the log gets all of it', async () => {
    const tc = await context();
    const out = await run(tc, { command: 'seq 1 200000' });
    const stdout = out.stdout as string;
    expect(Buffer.byteLength(stdout)).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.byteLength(stdout)).toBeGreaterThan(60 * 1024);
    expect(stdout.endsWith('\n199999\n200000\n')).toBe(true);
    const lines = stdout.trimEnd().split('\n').slice(1);
    lines.forEach((line, i) => expect(Number(line)).toBe(200000 - lines.length + 1 + i));
    expect(logText(tc)).toContain('\n1\r\n2\r\n3\r\n');
  });

  it('on cancel stops the command and everything it started', async () => {
    const tc = await context();
    const command = 'sleep 1000 & echo "pid=$!"; setsid sleep 1000 & echo "pid=$!"; echo "pid=$$"; echo ready; wait';
    const running = run(tc, { command }).catch((e: unknown) => e);
    // A line of its own: the log also starts with the command, which holds the word.
    while (!/(^|\n)ready\r?\n/.test(logText(tc))) await new Promise((r) => setTimeout(r, 20));
    tc.controller.abort();
    const error = await running;
    expect(error).toMatchObject({ name: 'AbortError' });
    const pids = [...logText(tc).matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(3);
    expect(pids.filter(isProcessRunning)).toEqual([]);
  });
});

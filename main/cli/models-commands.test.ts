import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeStandInModel } from '../adapters/local-llm/stand-in-gguf.test-support';
import { runCli, startCli } from './run-cli.test-support';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-cli-models-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('pipewright models', () => {
  it('lists the catalog, adds a GGUF file by path, and removes it without deleting the file', async () => {
    const listed = await runCli(['models', 'list'], home);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^MODEL\s+NAME\s+FOR\s+SIZE\s+LICENCE\s+INSTALLED$/m);
    expect(listed.stdout).toMatch(/^qwen2\.5-coder-1\.5b\s+Qwen2\.5-Coder 1\.5B Instruct \(Q4_K_M\)\s+cpu\s+1\.0 GB\s+Apache-2\.0\s+no$/m);
    expect(listed.stdout).toMatch(/^qwen2\.5-coder-7b\s+.*\s+gpu\s+4\.4 GB\s+Apache-2\.0\s+no$/m);
    expect(listed.stdout).toContain('none installed yet');

    // A stand-in model file (tiny random weights) as the person's own GGUF.
    const mine = writeStandInModel(join(home, 'my-coder.gguf'));
    const added = await runCli(['models', 'add', mine.path, '--name', 'my-coder'], home);
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe(`my-coder is installed: ${mine.path} (${Math.round(mine.bytes / 1024)} KB); the endpoint builtin can use it (model my-coder)\n`);

    const json = JSON.parse((await runCli(['models', 'list', '--json'], home)).stdout);
    expect(json.find((r: { id: string }) => r.id === 'my-coder')).toEqual({
      id: 'my-coder',
      name: 'my-coder.gguf',
      bytes: mine.bytes,
      installed: true,
      source: 'added',
      path: mine.path,
    });
    expect(JSON.parse(readFileSync(join(home, 'models', 'installed.json'), 'utf8')).models).toHaveLength(1);

    const removed = await runCli(['models', 'rm', 'my-coder'], home);
    expect(removed.stdout).toBe(`my-coder removed; your file ${mine.path} is left where it is\n`);
    expect(existsSync(mine.path)).toBe(true);
    expect((await runCli(['models', 'list', '--json'], home)).stdout).not.toContain('my-coder');
  });

  it('says what is wrong: a file that is not GGUF, a model not installed, a model not in the catalog', async () => {
    const notes = join(home, 'notes.txt');
    writeFileSync(notes, 'not a model');
    const bad = await runCli(['models', 'add', notes], home);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${notes} cannot be added: it is not a GGUF model file`);
    const gone = await runCli(['models', 'rm', 'nothing'], home);
    expect(gone.stderr).toBe('pipewright: no model "nothing" is installed: pipewright models list shows the installed ones\n');
    const unknown = await runCli(['models', 'pull', 'gpt-5'], home);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('there is no model "gpt-5" in the catalog');
    const usage = await runCli(['models', 'pull'], home);
    expect(usage.code).toBe(2);
  });

  it('shows an unfinished download in the list, and rm deletes it to free its space', async () => {
    const models = join(home, 'models');
    mkdirSync(models, { recursive: true });
    writeFileSync(join(models, 'qwen2.5-coder-1.5b.gguf.part'), Buffer.alloc(300 * 1024));
    const listed = await runCli(['models', 'list'], home);
    expect(listed.stdout).toMatch(/qwen2\.5-coder-1\.5b .* no \(300 KB downloaded: pull to resume\)\n/);
    expect(JSON.parse((await runCli(['models', 'list', '--json'], home)).stdout)[0]).toMatchObject({ id: 'qwen2.5-coder-1.5b', installed: false, partBytes: 300 * 1024 });
    const removed = await runCli(['models', 'rm', 'qwen2.5-coder-1.5b'], home);
    expect([removed.code, removed.stdout]).toEqual([0, 'qwen2.5-coder-1.5b was not installed; its unfinished download was deleted (300 KB freed)\n']);
    expect(existsSync(join(models, 'qwen2.5-coder-1.5b.gguf.part'))).toBe(false);
    const again = await runCli(['models', 'rm', 'qwen2.5-coder-1.5b'], home);
    expect([again.code, again.stderr]).toEqual([1, 'pipewright: no model "qwen2.5-coder-1.5b" is installed: pipewright models list shows the installed ones\n']);
  });

  it('endpoint list and endpoint test name the built-in model, installed or not', async () => {
    const none = await runCli(['endpoint', 'list'], home);
    expect(none.stdout).toBe('no endpoints yet (pipewright endpoint add NAME --base-url URL --model MODEL), and no built-in model (pipewright models pull qwen2.5-coder-1.5b)\n');
    const untested = await runCli(['endpoint', 'test', 'builtin'], home);
    expect([untested.code, untested.stdout]).toEqual([1, 'builtin: no model is installed: pipewright models pull qwen2.5-coder-1.5b, or pipewright models add FILE.gguf\n']);
    const mine = writeStandInModel(join(home, 'stand-in.gguf'));
    expect((await runCli(['models', 'add', mine.path, '--name', 'stand-in'], home)).code).toBe(0);
    expect((await runCli(['endpoint', 'list'], home)).stdout).toBe(
      'no endpoints yet: every call goes to the built-in model (builtin, model stand-in); add one with pipewright endpoint add NAME --base-url URL --model MODEL\n',
    );
    const tested = await runCli(['endpoint', 'test', 'builtin'], home);
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/^builtin: the model inside Pipewright answers with stand-in in \d+ ms \(on the (CPU|GPU \(\w+\)), \d+ tokens of context, \d+ threads?\)\n$/);
  });

  it('lets a route name the built-in model', async () => {
    const routed = await runCli(['endpoint', 'route', 'code_generation', '*', 'builtin'], home);
    expect(routed.stderr).toBe('');
    expect(routed.stdout).toBe('route code_generation *: builtin\n');
  });
});

describe('pipewright models serve', () => {
  it('serves the installed model on 127.0.0.1 with the key it prints, until Ctrl+C', async () => {
    const mine = writeStandInModel(join(home, 'stand-in.gguf'));
    expect((await runCli(['models', 'add', mine.path, '--name', 'stand-in'], home)).code).toBe(0);
    const child = startCli(['models', 'serve'], home);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await vi.waitFor(() => expect(out).toContain('API key: '), { timeout: 20_000, interval: 100 });
      const url = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out)![1];
      const key = /API key: (\w+)/.exec(out)![1];
      const models = await fetch(`${url}/models`, { headers: { authorization: `Bearer ${key}` } });
      expect((await models.json()).data.map((m: { id: string }) => m.id)).toEqual(['stand-in']);
      expect((await fetch(`${url}/models`)).status).toBe(401);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  });

  it('refuses a port that is not one, or one in use, saying what to do', async () => {
    const mine = writeStandInModel(join(home, 'stand-in.gguf'));
    expect((await runCli(['models', 'add', mine.path, '--name', 'stand-in'], home)).code).toBe(0);
    const high = await runCli(['models', 'serve', '--port', '99999'], home);
    expect([high.code, high.stderr]).toEqual([2, 'pipewright: --port must be a port number (0 to 65535), got "99999"\n']);
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as AddressInfo).port;
    try {
      const busy = await runCli(['models', 'serve', '--port', String(port)], home);
      expect([busy.code, busy.stderr]).toEqual([2, `pipewright: port ${port} on 127.0.0.1 is in use: choose another with --port N, or leave it out for a free one\n`]);
    } finally {
      taken.close();
    }
  });
});

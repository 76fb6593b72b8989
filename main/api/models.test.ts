import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallInput, CallName, ModelPullEvent } from '../../preload/contract';
import { BuiltinModel } from '../adapters/local-llm/builtin-model';
import { ModelLibrary } from '../adapters/local-llm/model-library';
import { writeStandInModel } from '../adapters/local-llm/stand-in-gguf.test-support';
import { openHost, type Host } from '../host';
import { dispatchCall } from './dispatch';
import { createApi, type Api } from './index';
import { modelsHandlers } from './models';

// Settings → Local models over a real host; the model is a stand-in (tiny random weights)
// loaded by the real runtime, with the GPU choice left to it as in the app.

let home: string;
let host: Host;
let api: Api;
let pulls: ModelPullEvent[];

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-api-models-'));
  host = openHost({ home });
  pulls = [];
  api = createApi({ host, emit: (name, payload) => name === 'models.pull' && pulls.push(payload as ModelPullEvent) });
});
afterEach(async () => {
  await api.close();
  await host.builtin.dispose();
  host.close();
  rmSync(home, { recursive: true, force: true });
});

async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<any> {
  const result = await dispatchCall(api.handlers, name, input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('the models API', () => {
  it('lists the catalog, adds a model file, shows the loaded model with its GPU and context, and removes it', async () => {
    const before = await call('models.list', {});
    expect(before.models.map((m: { id: string; installed: boolean }) => [m.id, m.installed])).toEqual([
      ['qwen2.5-coder-1.5b', false],
      ['qwen2.5-coder-7b', false],
    ]);
    expect(before).toMatchObject({ loaded: null, pulling: [], defaultModel: null });

    const file = writeStandInModel(join(home, 'stand-in.gguf'));
    const row = await call('models.add', { path: file.path, name: 'stand-in' });
    expect(row).toEqual({ id: 'stand-in', name: 'stand-in.gguf', bytes: file.bytes, installed: true, source: 'added', path: file.path });

    await host.builtin.host.load(file.path);
    const after = await call('models.list', {});
    expect(after.defaultModel).toBe('stand-in');
    expect(after.loaded).toMatchObject({ id: 'stand-in' });
    expect(after.loaded.gpu === false || typeof after.loaded.gpu === 'string').toBe(true);
    expect(after.loaded.contextSize).toBeGreaterThanOrEqual(2048);

    expect(await call('models.remove', { id: 'stand-in' })).toEqual({ deletedFile: false });
    const gone = await call('models.list', {});
    expect(gone).toMatchObject({ loaded: null, defaultModel: null });
  });

  it('refuses to pull a model the catalog does not have, and a bad file with its name', async () => {
    await expect(call('models.pull', { id: 'not-a-model' })).rejects.toThrow('there is no model "not-a-model" in the catalog');
    await expect(call('models.add', { path: join(home, 'missing.gguf') })).rejects.toThrow(`the model file ${join(home, 'missing.gguf')} cannot be read (ENOENT)`);
    expect(pulls).toEqual([]);
  });
});

describe('pulling a model through the API', () => {
  it('downloads in the background with progress events, stops when asked, and resumes on the next pull', async () => {
    // A local stand-in for the model hub (127.0.0.1), sending the file slowly enough to stop it.
    const file = readFileSync(writeStandInModel(join(home, 'source.gguf')).path);
    const ranges: (string | undefined)[] = [];
    const hub = createServer((req, res) => {
      ranges.push(req.headers.range);
      const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
      res.writeHead(start ? 206 : 200, { 'content-length': file.length - start });
      let at = start;
      const next = () => {
        if (at >= file.length) return void res.end();
        const chunk = file.subarray(at, at + 16 * 1024);
        at += chunk.length;
        res.write(chunk, () => setTimeout(next, 20));
      };
      next();
    });
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/stand-in.gguf`;
      const catalog = [{ id: 'stand-in', name: 'Stand-in', for: 'cpu' as const, description: '', bytes: file.length, licence: 'MIT', url, sha256: null }];
      const builtin = new BuiltinModel(new ModelLibrary(join(home, 'data'), catalog), { gpu: false });
      const handlers = modelsHandlers(builtin, (name, payload) => name === 'models.pull' && pulls.push(payload as ModelPullEvent));

      expect(handlers['models.pull']({ id: 'stand-in' })).toEqual({ ok: true });
      expect((handlers['models.list']({}) as { pulling: string[] }).pulling).toEqual(['stand-in']);
      await vi.waitFor(() => expect(pulls.length).toBeGreaterThan(2), { timeout: 10_000, interval: 20 });
      expect(handlers['models.cancelPull']({ id: 'stand-in' })).toEqual({ cancelled: true });
      await vi.waitFor(() => expect(pulls.at(-1)?.error).toBe('stopped; pull again to resume where it stopped'), { timeout: 10_000, interval: 20 });
      const stoppedAt = pulls.at(-1)!.receivedBytes;
      expect(stoppedAt).toBeGreaterThan(0);
      expect(stoppedAt).toBeLessThan(file.length);

      pulls.length = 0;
      handlers['models.pull']({ id: 'stand-in' });
      await vi.waitFor(() => expect(pulls.at(-1)?.done).toBe(true), { timeout: 20_000, interval: 50 });
      expect(Number(/^bytes=(\d+)-$/.exec(ranges.at(-1) ?? '')?.[1])).toBeGreaterThan(0);
      const progress = pulls.filter((p) => !p.done);
      expect(progress.every((p) => p.totalBytes === file.length && p.bytesPerSecond > 0)).toBe(true);
      expect(pulls.at(-1)).toMatchObject({ id: 'stand-in', receivedBytes: file.length, totalBytes: file.length, secondsLeft: 0 });
      const state = handlers['models.list']({}) as { models: { id: string; installed: boolean }[]; pulling: string[] };
      expect(state.models).toMatchObject([{ id: 'stand-in', installed: true }]);
      expect(state.pulling).toEqual([]);
      expect(readFileSync(join(home, 'data', 'models', 'stand-in.gguf')).equals(file)).toBe(true);
    } finally {
      await new Promise((r) => hub.close(r));
    }
  });
});

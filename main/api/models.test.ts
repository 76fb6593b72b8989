import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallInput, CallName, ModelPullEvent } from '../../preload/contract';
import { writeStandInModel } from '../adapters/local-llm/stand-in-gguf.test-support';
import { openHost, type Host } from '../host';
import { dispatchCall } from './dispatch';
import { createApi, type Api } from './index';

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

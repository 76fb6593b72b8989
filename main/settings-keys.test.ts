import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baseImages, definitions } from '../nodes/definitions';
import { SETTING_KEYS, SettingChangeSchema } from '../preload/contract/settings';
import { baseImage } from './settings-keys';
import { Store } from './store';

describe('image settings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('are the images the kinds declare, each once, and each can be set from the editor', () => {
    const declared = [...new Set(definitions.flatMap((d) => (d.images ?? []).map((i) => i.name)))];
    expect(baseImages.map((i) => i.name)).toEqual(declared);
    const imageKeys = SETTING_KEYS.filter((k) => k.startsWith('images.'));
    expect(imageKeys.sort()).toEqual(baseImages.map((i) => `images.${i.name}`).sort());
    expect(SettingChangeSchema.safeParse({ key: 'images.vllm', value: 'registry.example/vllm:mine' }).success).toBe(true);
    expect(SettingChangeSchema.safeParse({ key: 'images.nothing', value: 'x' }).success).toBe(false);
  });

  it('keep the variables CI and people already set', () => {
    // These may never be renamed; a new kind's image adds its own without touching this list.
    expect(baseImages.map((i) => i.envVar)).toEqual(
      expect.arrayContaining([
        'PIPEWRIGHT_IMAGE_NODE',
        'PIPEWRIGHT_IMAGE_PYTHON',
        'PIPEWRIGHT_IMAGE_STATIC',
        'PIPEWRIGHT_IMAGE_SANDBOX',
        'PIPEWRIGHT_IMAGE_VLLM',
        'PIPEWRIGHT_IMAGE_OLLAMA',
        'PIPEWRIGHT_IMAGE_LITELLM',
        'PIPEWRIGHT_IMAGE_CODE_SERVER',
        // The languages' sandboxes and build stages (Go, Java with its runtime stage, Rust).
        'PIPEWRIGHT_IMAGE_GO',
        'PIPEWRIGHT_IMAGE_JAVA',
        'PIPEWRIGHT_IMAGE_JAVA_RUNTIME',
        'PIPEWRIGHT_IMAGE_RUST',
        // The database a compose stack runs where no registry serves postgres.
        'PIPEWRIGHT_IMAGE_POSTGRES',
      ]),
    );
    // Shared names are declared by every kind that runs them.
    expect(baseImages.find((i) => i.name === 'sandbox')?.kinds).toEqual(['code-generator', 'software-team']);
    expect(baseImages.find((i) => i.name === 'codeServer')?.kinds).toEqual(['vscode-workspace']);
  });

  it('take the setting, then the variable, then the default the definition pins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-settings-keys-'));
    const store = Store.open(dir);
    try {
      delete process.env.PIPEWRIGHT_IMAGE_CODE_SERVER;
      expect(baseImage('codeServer', store.settings)).toBe('codercom/code-server:4.139.1');
      process.env.PIPEWRIGHT_IMAGE_CODE_SERVER = 'pipewright-local/code-server:4.139.1';
      expect(baseImage('codeServer', store.settings)).toBe('pipewright-local/code-server:4.139.1');
      store.settings.set('images.codeServer', 'registry.example/code-server:mine');
      expect(baseImage('codeServer', store.settings)).toBe('registry.example/code-server:mine');
      expect(() => baseImage('nothing', store.settings)).toThrow(/no node kind declares an image called "nothing"/);
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SETTING_KEYS } from '../preload/contract/settings';
import type { BaseImageKind } from '../nodes/sdk';
import { baseImage, DEFAULT_IMAGES, imageEnvVar, imageKey } from './settings-keys';
import { Store } from './store';

const KINDS = Object.keys(DEFAULT_IMAGES) as BaseImageKind[];

describe('image settings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('can all be set from the editor: every image kind has its key in the settings contract', () => {
    expect(KINDS.map(imageKey).filter((k) => !(SETTING_KEYS as string[]).includes(k))).toEqual([]);
    expect(imageKey('codeServer')).toBe('images.codeServer');
  });

  it('names the environment variables in capitals with underscores', () => {
    expect(KINDS.map(imageEnvVar)).toEqual([
      'PIPEWRIGHT_IMAGE_NODE',
      'PIPEWRIGHT_IMAGE_PYTHON',
      'PIPEWRIGHT_IMAGE_STATIC',
      'PIPEWRIGHT_IMAGE_SANDBOX',
      'PIPEWRIGHT_IMAGE_VLLM',
      'PIPEWRIGHT_IMAGE_OLLAMA',
      'PIPEWRIGHT_IMAGE_LITELLM',
      'PIPEWRIGHT_IMAGE_CODE_SERVER',
    ]);
  });

  it('takes the setting, then the variable, then the pinned public default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-settings-keys-'));
    const store = Store.open(dir);
    try {
      delete process.env.PIPEWRIGHT_IMAGE_CODE_SERVER;
      expect(baseImage('codeServer', store.settings)).toBe('codercom/code-server:4.139.1');
      process.env.PIPEWRIGHT_IMAGE_CODE_SERVER = 'pipewright-local/code-server:4.139.1';
      expect(baseImage('codeServer', store.settings)).toBe('pipewright-local/code-server:4.139.1');
      store.settings.set('images.codeServer', 'registry.example/code-server:mine');
      expect(baseImage('codeServer', store.settings)).toBe('registry.example/code-server:mine');
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

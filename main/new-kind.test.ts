import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definitions } from '../nodes/definitions';
import { collectImages, defineNode, defineRuntime, flag, FORMAT, type AnyDefinition, type PairedRuntime } from '../nodes/sdk';
import { pairedRuntimes } from '../nodes/runtimes';
import { imageSettingSchemas } from '../preload/contract/settings';
import { testImage } from './adapters/docker/docker.test-support';
import { templateManifest } from './api/manifest';
import { baseImage, imageKey } from './settings-keys';
import { Store } from './store';

// Adding a kind is one folder plus one line in nodes/definitions.ts and one in
// nodes/runtimes.ts. This kind, made up for the test, stands in for such a folder: given to the
// same derivations as the two lists, it gets its image setting, variable, test image and review
// with no other change.
const ttsServerDefinition = defineNode({
  kind: 'tts-server',
  version: 1,
  title: 'Speech server',
  category: 'Models',
  description: 'A text-to-speech server (made up for this test)',
  icon: '🔊',
  inputs: [],
  outputs: [{ name: 'endpoint', type: 'endpoint' }],
  params: z.object({
    voice: z.string().default('en_US-amy-medium').meta(flag({ role: 'model-download' })),
    tokenSecret: z.string().optional().meta(flag({ role: 'secret' })),
    port: z.number().int().optional().meta(flag({ role: 'port' })),
    runtime: z.enum(['docker', 'local']).default('docker').meta(flag({ unsandboxed: { local: 'the speech server runs on this machine, unsandboxed' } })),
  }),
  images: [{ name: 'ttsServer', default: 'example/tts-server:1.2.0', title: 'Speech server' }],
  service: true,
});
const ttsServerRuntime = defineRuntime(ttsServerDefinition, async () => ({ endpoint: {} }));

const defs: AnyDefinition[] = [...definitions, ttsServerDefinition];
const runtimes: PairedRuntime[] = [...pairedRuntimes, ttsServerRuntime];

describe('a kind added with one folder and a line in each list', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('gets its image setting, its variable and its Settings field from its definition', async () => {
    const images = collectImages(defs);
    const tts = images.find((i) => i.name === 'ttsServer')!;
    expect(tts).toMatchObject({ key: 'images.ttsServer', envVar: 'PIPEWRIGHT_IMAGE_TTS_SERVER', title: 'Speech server', kinds: ['tts-server'] });
    expect(imageKey('ttsServer')).toBe('images.ttsServer');
    expect(imageSettingSchemas(images)['images.ttsServer']?.safeParse('registry.example/tts:mine').success).toBe(true);
    expect(runtimes.find((r) => r.definition === ttsServerDefinition)?.definition.kind).toBe('tts-server');

    const dir = await mkdtemp(join(tmpdir(), 'pw-new-kind-'));
    const store = Store.open(dir);
    try {
      delete process.env.PIPEWRIGHT_IMAGE_TTS_SERVER;
      expect(baseImage('ttsServer', store.settings, images)).toBe('example/tts-server:1.2.0');
      process.env.PIPEWRIGHT_IMAGE_TTS_SERVER = 'pipewright-local/tts';
      expect(baseImage('ttsServer', store.settings, images)).toBe('pipewright-local/tts');
      store.settings.set('images.ttsServer', 'registry.example/tts:mine');
      expect(baseImage('ttsServer', store.settings, images)).toBe('registry.example/tts:mine');
      delete process.env.PIPEWRIGHT_IMAGE_TTS_SERVER;
      expect(testImage('ttsServer', images)).toBe('example/tts-server:1.2.0');
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is reviewed on import like any other: its image, model download, secret, port and unsandboxed runtime', () => {
    const manifest = templateManifest(
      {
        format: FORMAT,
        id: 'speak',
        name: 'Speak',
        nodes: [{ id: 'tts', kind: 'tts-server', params: { tokenSecret: 'TTS_TOKEN', port: 5002, runtime: 'local' }, position: { x: 0, y: 0 } }],
        edges: [],
      },
      new Map(defs.map((d) => [d.kind, d])),
    );
    expect(manifest.unknownKinds).toEqual([]);
    expect(manifest.images).toEqual(['example/tts-server:1.2.0']);
    expect(manifest.modelDownloads).toEqual(['en_US-amy-medium']);
    expect(manifest.secrets).toEqual(['TTS_TOKEN']);
    expect(manifest.ports).toEqual(['Speech server (tts): 127.0.0.1:5002']);
    expect(manifest.unsandboxed).toEqual(['Speech server (tts): the speech server runs on this machine, unsandboxed']);
  });
});

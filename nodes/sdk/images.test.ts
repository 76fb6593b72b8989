import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from './define-node';
import { collectImages } from './images';

const kind = (name: string, images: { name: string; default: string }[]) => ({
  kind: name,
  images: images.map((i) => ({ ...i, title: i.name })),
});

describe('images declared by kinds', () => {
  it('are collected once by name, with the kinds that share one', () => {
    const images = collectImages([
      kind('a', [{ name: 'sandbox', default: 'node:20-slim' }]),
      kind('b', [{ name: 'sandbox', default: 'node:20-slim' }, { name: 'ttsServer', default: 'example/tts:1' }]),
    ]);
    expect(images.map((i) => [i.key, i.envVar, i.kinds])).toEqual([
      ['images.sandbox', 'PIPEWRIGHT_IMAGE_SANDBOX', ['a', 'b']],
      ['images.ttsServer', 'PIPEWRIGHT_IMAGE_TTS_SERVER', ['b']],
    ]);
  });

  it('refuse one name with two defaults, naming both kinds', () => {
    expect(() =>
      collectImages([kind('a', [{ name: 'node', default: 'node:20-slim' }]), kind('b', [{ name: 'node', default: 'node:24-slim' }])]),
    ).toThrow(/node kind "b": image "node" defaults to node:24-slim, but "a" declares node:20-slim/);
  });

  it('refuse a name that cannot be a settings key or a variable', () => {
    expect(() => collectImages([kind('a', [{ name: 'code-server', default: 'x' }])])).toThrow(/node kind "a": image name "code-server"/);
  });

  it('are checked when the kind is defined, with the kind named', () => {
    const base = { kind: 'speech', version: 1, title: 'Speech', category: 'Test', description: 'made up for this test', icon: '?', inputs: [], outputs: [] };
    expect(() => defineNode({ ...base, params: z.object({}), images: [{ name: 'tts-server', default: 'x', title: 'TTS' }] })).toThrow(
      /node kind "speech": image name "tts-server" must be letters and digits in camelCase/,
    );
    expect(() => defineNode({ ...base, params: z.object({ words: z.string() }), annotation: true, canvasText: 'text' })).toThrow(
      /node kind "speech": canvasText names "text", which is not one of its params/,
    );
  });
});

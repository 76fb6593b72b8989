import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definitions } from './definitions';

// Code that serves every kind learns what it needs from the definitions (annotation, frame,
// role, param flags, images, summary), so a kind added later needs no edit there.
const GENERIC = [
  'renderer/src/state/flow-document.ts',
  'renderer/src/state/defaults.ts',
  'renderer/src/canvas/PipelineNode.tsx',
  'renderer/src/canvas/NodeBox.tsx',
  'renderer/src/canvas/Canvas.tsx',
  'renderer/src/canvas/Minimap.tsx',
  'renderer/src/state/graph.ts',
  'renderer/src/palette/Palette.tsx',
  'renderer/src/settings/SettingsDialog.tsx',
  'main/api/manifest.ts',
  'main/settings-keys.ts',
  'preload/contract/settings.ts',
  'nodes/runtimes.ts',
];

const root = join(__dirname, '..');

describe('generic code', () => {
  it('names no node kind', () => {
    const kinds = definitions.map((d) => d.kind);
    const found = GENERIC.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        // A role (def.role === 'pipeline-input') is the generic vocabulary, even where a kind shares its name.
        .map((line) => line.replace(/\.role\s*[!=]==\s*(['"`])[\w-]+\1/g, ''))
        .flatMap((line, i) => kinds.filter((kind) => new RegExp(`['"\`]${kind}['"\`]`).test(line)).map((kind) => `${file}:${i + 1} names "${kind}"`)),
    );
    expect(found).toEqual([]);
  });
});

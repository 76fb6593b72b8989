import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definitionsByKind } from '../../../nodes/definitions';
import { defineNode } from '../../../nodes/sdk';
import { summaryOf } from './NodeBox';

const summary = (kind: string, params: Record<string, unknown>) => summaryOf(definitionsByKind.get(kind), params);

describe('the line under a node title', () => {
  it("is what the kind's definition says matters, defaults filled in", () => {
    expect(summary('shell', { command: '\n  npm test\nnpm run lint' })).toBe('npm test');
    expect(summary('vllm-server', {})).toBe('mistralai/Devstral-Small-2507');
    expect(summary('code-generator', { stack: 'python-api' })).toBe('agent · python-api');
    expect(summary('git-repo', { remote: 'https://git.example/shop.git' })).toBe('main → https://git.example/shop.git');
    expect(summary('vscode-workspace', { runtime: 'local' })).toBe('continue · local');
    expect(summary('build-deploy', {})).toBeUndefined();
  });

  it('comes from a kind the canvas has never seen, and a summary that throws shows nothing', () => {
    const base = { version: 1, title: 'T', category: 'Test', description: 'made up for this test', icon: '?', inputs: [], outputs: [] };
    const tts = defineNode({ ...base, kind: 'tts', params: z.object({ voice: z.string().default('alto') }), summary: (p) => `voice ${p.voice}` });
    const broken = defineNode({ ...base, kind: 'broken', params: z.object({}), summary: () => { throw new Error('bug'); } });
    expect(summaryOf(tts, {})).toBe('voice alto');
    expect(summaryOf(broken, {})).toBeUndefined();
  });
});

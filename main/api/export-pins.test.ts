import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { useApiHost } from './api-host.test-support';

const s = useApiHost('pw-export-pins-');
const { call } = s;

/** A text node pinned to a value, and a shell node pinned to its folder, feeding a third. */
function pinnedDoc(id: string): Pipeline {
  return {
    format: FORMAT,
    id,
    name: 'Pinned',
    nodes: [
      { id: 'words', kind: 'text', version: 1, params: { text: 'hi' }, settings: { retries: 2, pinned: { outputs: { text: 'pinned hi' }, at: 1 } }, position: { x: 0, y: 0 } },
      {
        id: 'build',
        kind: 'shell',
        version: 1,
        params: { command: 'make' },
        settings: { pinned: { outputs: { workspace: { path: '/home/me/.pipewright/workspaces/p/build' }, stdout: 'ok', exitCode: 0 } } },
        position: { x: 200, y: 0 },
      },
      { id: 'show', kind: 'shell', version: 1, params: { command: 'cat' }, position: { x: 400, y: 0 } },
    ],
    edges: [{ id: 'e1', from: { node: 'words', port: 'text' }, to: { node: 'show', port: 'input' } }],
  };
}

describe('exporting a pipeline with pinned outputs', () => {
  it('leaves every pin out by default, keeping the other settings', async () => {
    const p = await call('projects.create', { name: 'Pins' });
    await call('pipeline.save', { doc: pinnedDoc(p.mainPipelineId), projectId: p.id });
    const doc = JSON.parse((await call('templates.export', { pipelineId: p.mainPipelineId })).text) as Pipeline;
    expect(doc.nodes.map((n) => n.settings)).toEqual([{ retries: 2 }, undefined, undefined]);
    expect(JSON.stringify(doc)).not.toContain('pinned');
  });

  it('carries pins of plain values when asked, never a pin naming a folder of this machine', async () => {
    const p = await call('projects.create', { name: 'Pins asked' });
    await call('pipeline.save', { doc: pinnedDoc(p.mainPipelineId), projectId: p.id });
    const doc = JSON.parse((await call('templates.export', { pipelineId: p.mainPipelineId, includePins: true })).text) as Pipeline;
    expect(doc.nodes[0].settings).toEqual({ retries: 2, pinned: { outputs: { text: 'pinned hi' }, at: 1 } });
    expect(doc.nodes[1].settings).toBeUndefined();
    expect(JSON.stringify(doc)).not.toContain('/home/me');
  });
});

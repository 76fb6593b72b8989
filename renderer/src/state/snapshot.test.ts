import { describe, expect, it } from 'vitest';
import { isPipelineNode } from './flow-document';
import { restore } from './snapshot';

describe('nodes copied or kept in undo history by earlier builds', () => {
  it('come back as nodes that run, drawn as such', () => {
    const earlier = JSON.stringify({
      nodes: [{ id: 'sub', type: 'pipeline', position: { x: 0, y: 0 }, data: { kind: 'pipeline', params: { ref: 'inner' } } }],
      edges: [],
    });
    const [node] = restore(earlier).nodes;
    expect(isPipelineNode(node)).toBe(true);
    expect(node.data).toEqual({ kind: 'pipeline', params: { ref: 'inner' } });
  });
});

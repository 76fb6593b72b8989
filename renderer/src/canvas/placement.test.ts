import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../state/flow-document';
import { placed } from './placement';

const node: GraphNode = { id: 'a', type: 'step', position: { x: 32, y: 48 }, data: { kind: 'text', params: {} } };

describe('node placement', () => {
  it('places a node by left and top, overriding React Flow’s transform', () => {
    expect(placed(node).style).toEqual({ transform: 'none', left: 32, top: 48 });
    expect(placed(node).position).toBe(node.position);
  });

  it('gives React Flow the same object for an unchanged node, and a new one for a moved node', () => {
    expect(placed(node)).toBe(placed(node));
    const moved = { ...node, position: { x: 64, y: 48 } };
    expect(placed(moved)).not.toBe(placed(node));
    expect(placed(moved).style).toMatchObject({ left: 64 });
  });
});

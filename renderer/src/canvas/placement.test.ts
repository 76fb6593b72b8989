import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../state/flow-document';
import { boxOf, freeOffset, freeSpot, NEW_NODE_SIZE, obstaclesOf, overlaps, placed, type Box } from './placement';

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

describe('where a new node goes', () => {
  const step = (id: string, x: number, y: number): GraphNode => ({ id, type: 'step', position: { x, y }, measured: { width: 220, height: 110 }, data: { kind: 'text', params: {} } });
  const boxes = (nodes: GraphNode[]) => nodes.map(boxOf);
  const clashes = (all: Box[]) => all.flatMap((a, i) => all.slice(i + 1).filter((b) => overlaps(a, b)).map((b) => [a, b]));

  it('goes where it was asked when that place is free', () => {
    expect(freeSpot([step('a', 0, 0)], { x: 600, y: 0 })).toEqual({ x: 600, y: 0 });
  });

  it('added twice at the same place, the second steps aside and covers nothing', () => {
    const nodes: GraphNode[] = [];
    for (const id of ['one', 'two', 'three']) {
      const at = freeSpot(nodes, { x: 100, y: 100 });
      nodes.push(step(id, at.x, at.y));
    }
    expect(clashes(boxes(nodes))).toEqual([]);
    // The nearest free place, not a far corner.
    for (const n of nodes) expect(Math.hypot(n.position.x - 100, n.position.y - 100)).toBeLessThan(400);
  });

  it('finds a gap in a crowded canvas without covering any node', () => {
    const crowd = Array.from({ length: 60 }, (_, i) => step(`n${i}`, (i % 10) * 250, Math.floor(i / 10) * 130));
    const spot = freeSpot(crowd, { x: 1000, y: 300 });
    expect(clashes([...boxes(crowd), { ...spot, ...NEW_NODE_SIZE }])).toEqual([]);
  });

  it('may go inside a group, which frames nodes rather than blocking them', () => {
    const group: GraphNode = { id: 'g', type: 'group', position: { x: 0, y: 0 }, width: 800, height: 600, data: { kind: 'group', params: {} } };
    expect(freeSpot([group], { x: 100, y: 100 })).toEqual({ x: 100, y: 100 });
  });

  it('a pasted copy of several nodes lands beside the originals, covering none', () => {
    const originals = [step('a', 0, 0), step('b', 300, 0), step('c', 0, 300)];
    const shift = freeOffset(boxes(originals), obstaclesOf(originals), { x: 40, y: 40 });
    const copies = originals.map((n) => ({ ...boxOf(n), x: n.position.x + shift.x, y: n.position.y + shift.y }));
    expect(clashes([...boxes(originals), ...copies])).toEqual([]);
  });
});

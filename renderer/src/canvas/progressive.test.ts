import { describe, expect, it } from 'vitest';
import { STEP, type GraphNode } from '../state/flow-document';
import { CHUNK, firstMounted, nextMounted, PROGRESSIVE_FROM } from './progressive';

const grid = (count: number, columns: number): GraphNode[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    type: STEP,
    position: { x: (i % columns) * 300, y: Math.floor(i / columns) * 200 },
    data: {},
  })) as unknown as GraphNode[];

describe('putting a big pipeline on the page a chunk a frame', () => {
  it('puts a small pipeline on the page at once', () => {
    expect(firstMounted(grid(PROGRESSIVE_FROM - 1, 20))).toBe('all');
  });

  it('puts a big one on the page a chunk at a time until every node is there, each once', () => {
    const nodes = grid(1000, 40);
    let mounted = firstMounted(nodes);
    expect(mounted).not.toBe('all');
    const seen: string[][] = [];
    while (mounted !== 'all') {
      seen.push([...mounted]);
      mounted = nextMounted(mounted, nodes);
    }
    expect(seen[0]).toHaveLength(CHUNK);
    // The last chunk turns the set into every node.
    expect(seen).toHaveLength(Math.ceil(1000 / CHUNK) - 1);
    for (let i = 1; i < seen.length; i++) expect(seen[i].length - seen[i - 1].length).toBe(Math.min(CHUNK, 1000 - seen[i - 1].length));
    expect(seen.at(-1)!.length).toBeGreaterThan(1000 - CHUNK);
    // In the pipeline's order, which is the page's.
    expect(seen[0]).toEqual(nodes.slice(0, CHUNK).map((n) => n.id));
    expect(seen[1]).toEqual(nodes.slice(0, 2 * CHUNK).map((n) => n.id));
  });

  it('also brings in a node added while it was under way, before it is done', () => {
    const nodes = grid(400, 20);
    const all400: Set<string> = new Set(nodes.map((n) => n.id));
    const more = [...nodes, { ...nodes[0], id: 'late' }];
    expect(nextMounted(all400, nodes)).toBe('all');
    const next = nextMounted(all400, more, 0);
    expect(next).not.toBe('all');
    expect(nextMounted(all400, more)).toBe('all');
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../../nodes/sdk';
import { overlaps, type Box } from '../canvas/placement';
import { useGraph } from '../state/graph';
import { arrange } from './arrange';

// Arrange on a scrambled graph: a chain that runs right to left, a branch, a group framing two
// nodes, a comment beside one and an empty group, all piled up where they overlap.
const scrambled: Pipeline = {
  format: FORMAT,
  id: 'arrange',
  name: 'Arrange',
  nodes: [
    { id: 'spec', kind: 'text', params: { text: 'spec' }, position: { x: 900, y: 40 } },
    { id: 'build', kind: 'shell', params: { command: 'make' }, position: { x: 300, y: 60 } },
    { id: 'test', kind: 'shell', params: { command: 'make test' }, position: { x: 320, y: 80 } },
    { id: 'lint', kind: 'shell', params: { command: 'lint' }, position: { x: 0, y: 0 } },
    { id: 'frame', kind: 'group', params: { title: 'Checks', width: 600, height: 400 }, position: { x: 280, y: 20 } },
    { id: 'why', kind: 'comment', params: { text: 'lint first' }, position: { x: 10, y: 10 } },
    { id: 'spare', kind: 'group', params: { title: 'Later', width: 300, height: 200 }, position: { x: 0, y: 200 } },
  ],
  edges: [
    { id: 'e1', from: { node: 'spec', port: 'text' }, to: { node: 'build', port: 'input' } },
    { id: 'e2', from: { node: 'spec', port: 'text' }, to: { node: 'lint', port: 'input' } },
  ],
};

const graph = () => useGraph.getState();
const boxes = () => new Map(graph().nodes.map((n) => [n.id, { x: n.position.x, y: n.position.y, width: n.width ?? 220, height: n.height ?? 110 }]));
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

describe('Arrange', () => {
  beforeEach(() => {
    graph().load({ doc: scrambled, projectId: 'p' });
    // What React Flow measures in the browser: each step 220 × 110.
    useGraph.setState({ nodes: graph().nodes.map((n) => (n.type === 'step' ? { ...n, measured: { width: 220, height: 110 } } : n)) });
  });

  it('leaves no two nodes overlapping, groups apart from what they frame', () => {
    const laid = arrange(graph().nodes, graph().edges);
    const frame = laid.get('frame')!;
    const rest = [...laid.entries()].filter(([id]) => id !== 'frame');
    const clashes = rest.flatMap(([a, ab], i) => rest.slice(i + 1).filter(([, bb]) => overlaps(ab, bb)).map(([b]) => `${a} × ${b}`));
    expect(clashes).toEqual([]);
    // The group still frames its two nodes, and nothing else enters it.
    expect(inside(laid.get('build')!, frame) && inside(laid.get('test')!, frame)).toBe(true);
    for (const id of ['spec', 'lint', 'spare']) expect(overlaps(laid.get(id)!, frame), id).toBe(false);
  });

  it('lays every edge out left to right', () => {
    const laid = arrange(graph().nodes, graph().edges);
    for (const e of graph().edges) {
      const from = laid.get(e.source)!;
      expect(from.x + from.width, `${e.source} → ${e.target}`).toBeLessThan(laid.get(e.target)!.x);
    }
  });

  it('keeps a comment beside the node it was next to', () => {
    const laid = arrange(graph().nodes, graph().edges);
    const note = laid.get('why')!;
    const lint = laid.get('lint')!;
    expect(Math.hypot(note.x - lint.x, note.y - lint.y)).toBeLessThan(400);
  });

  it('is one step that one undo takes back, and one redo brings again', () => {
    const before = boxes();
    graph().setLayout(arrange(graph().nodes, graph().edges));
    const after = boxes();
    expect(after).not.toEqual(before);
    graph().undo();
    expect(boxes()).toEqual(before);
    graph().redo();
    expect(boxes()).toEqual(after);
    // A group's new size is in its params too, so it is saved.
    const frame = graph().nodes.find((n) => n.id === 'frame')!;
    expect(frame.data.params).toMatchObject({ width: after.get('frame')!.width, height: after.get('frame')!.height });
  });
});

import { describe, expect, it } from 'vitest';
import { applyPatch, diffGraph } from './graph-patch';
import { edgeStyle, GROUP_Z, type GraphEdge, type GraphNode } from './flow-document';

const text = (id: string, x = 0, value = id): GraphNode => ({ id, type: 'step', position: { x, y: 0 }, data: { kind: 'text', params: { text: value } } });
const comment = (id: string, words: string): GraphNode => ({
  id,
  type: 'comment',
  position: { x: 5, y: 5 },
  width: 240,
  height: 120,
  zIndex: 0,
  data: { kind: 'comment', params: { text: words } },
});
const group = (id: string, title: string): GraphNode => ({
  id,
  type: 'group',
  position: { x: -40, y: -40 },
  width: 600,
  height: 300,
  zIndex: GROUP_Z,
  data: { kind: 'group', params: { title, width: 600, height: 300 } },
});
const edge = (from: string, to: string): GraphEdge => ({
  id: `e-${from}-${to}`,
  source: from,
  sourceHandle: 'text',
  target: to,
  targetHandle: 'input',
  ...edgeStyle('text'),
});

/** What undo and redo must give back: the lists as a document keeps them, in order. */
const plain = (lists: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }) => JSON.parse(JSON.stringify(lists));

describe('graph patches', () => {
  it('record only the entries an edit touched, by id', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => text(`n${i}`, i * 10));
    const before = { nodes, edges: [] };
    const after = { nodes: nodes.map((n) => (n.id === 'n500' ? { ...n, data: { ...n.data, params: { text: 'edited' } } } : n)), edges: [] };
    const patch = diffGraph(before, after)!;
    expect(patch.nodes?.changed?.map(([a, b]) => [a.data.params.text, b.data.params.text])).toEqual([['n500', 'edited']]);
    expect(patch.nodes?.added).toBeUndefined();
    expect(JSON.stringify(patch).length).toBeLessThan(400);
  });

  it('undo and redo restore nodes, edges, comments and groups exactly, in order', () => {
    const before = { nodes: [group('g', 'Build'), text('a'), text('b', 300), comment('c', 'why')], edges: [edge('a', 'b')] };
    // Another group drawn first, a comment reworded, a node gone with its edge, a node added.
    const after = {
      nodes: [group('g2', 'Deploy'), group('g', 'Build and test'), text('a', 50), comment('c', 'because'), text('d', 900)],
      edges: [edge('a', 'd')],
    };
    const patch = diffGraph(before, after)!;
    expect(plain(applyPatch(before, patch, 'forward'))).toEqual(plain(after));
    expect(plain(applyPatch(after, patch, 'back'))).toEqual(plain(before));
    // A patch survives being stored as JSON text.
    const stored = JSON.parse(JSON.stringify(patch));
    expect(plain(applyPatch(after, stored, 'back'))).toEqual(plain(before));
  });

  it('restores the order of kept entries when an edit moved them', () => {
    const before = { nodes: [text('a'), text('b'), group('g', 'Later framed')], edges: [] };
    const after = { nodes: [group('g', 'Later framed'), text('a'), text('b')], edges: [] };
    const patch = diffGraph(before, after)!;
    expect(patch.nodes?.order).toBeDefined();
    expect(applyPatch(after, patch, 'back').nodes.map((n) => n.id)).toEqual(['a', 'b', 'g']);
    expect(applyPatch(before, patch, 'forward').nodes.map((n) => n.id)).toEqual(['g', 'a', 'b']);
  });

  it('ignores view state: selection and measured sizes are no edit', () => {
    const before = { nodes: [text('a'), comment('c', 'x')], edges: [edge('a', 'a')] };
    const after = {
      nodes: [{ ...text('a'), selected: true, measured: { width: 200, height: 80 } }, { ...comment('c', 'x'), dragging: false }],
      edges: [{ ...edge('a', 'a'), selected: true }],
    };
    expect(diffGraph(before, after)).toBeUndefined();
    // An edge recoloured once its port type is known is not an edit either.
    expect(diffGraph(before, { ...before, edges: [{ ...edge('a', 'a'), ...edgeStyle('json') }] })).toBeUndefined();
  });

  it('keeps untouched entries as they are on screen', () => {
    const shown = { ...text('a'), selected: true, measured: { width: 200, height: 80 } };
    const before = { nodes: [shown, text('b')], edges: [] };
    const after = { nodes: [shown, text('b', 0, 'changed')], edges: [] };
    const undone = applyPatch(after, diffGraph(before, after)!, 'back');
    expect(undone.nodes[0]).toBe(shown);
    expect(undone.nodes[1].data.params).toEqual({ text: 'b' });
  });

  it('drops an edge left without its node when a history does not fit the graph', () => {
    const before = { nodes: [text('a'), text('b')], edges: [] };
    const after = { nodes: [text('a'), text('b'), text('c')], edges: [edge('a', 'c')] };
    const patch = diffGraph(before, after)!;
    // Another window removed `a` meanwhile: redo adds `c` and its edge, but the edge from `a` cannot stay.
    const elsewhere = { nodes: [text('b')], edges: [] };
    const redone = applyPatch(elsewhere, patch, 'forward');
    expect(redone.nodes.map((n) => n.id)).toEqual(['b', 'c']);
    expect(redone.edges).toEqual([]);
  });
});

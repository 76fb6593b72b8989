import { beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../../nodes/sdk';
import { HistoryChangeSchema } from '../../../preload/contract';
import { useGraph } from './graph';
import { historyChange, readHistory, savedFrom, type SavedHistory } from './undo-history';

const graph = () => useGraph.getState();

/** A pipeline of `count` text nodes in a chain of shell nodes' stdin, as big graphs are. */
function bigDoc(count: number): Pipeline {
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    kind: i % 2 ? 'shell' : 'text',
    params: i % 2 ? { command: `echo step ${i}` } : { text: `input ${i}` },
    position: { x: (i % 40) * 260, y: Math.floor(i / 40) * 160 },
  }));
  const edges = nodes.flatMap((n, i) =>
    i % 2 ? [{ id: `e${i}`, from: { node: nodes[i - 1].id, port: 'text' }, to: { node: n.id, port: 'input' } }] : [],
  );
  return { format: FORMAT, id: 'big', name: 'Big', nodes, edges };
}

describe('the undo history on its way to main', () => {
  beforeEach(() => graph().load({ doc: bigDoc(6), projectId: 'big' }));

  it('sends only the steps made since the last save, then only where the cursor moved', () => {
    graph().addNode('shell', { x: 0, y: 900 });
    graph().updateNode('n1', { label: 'first' });
    const first = historyChange(graph(), undefined)!;
    expect(first.change).toMatchObject({ first: 0, last: 1, cursor: 1 });
    expect(first.change.put.map((s) => s.step)).toEqual([0, 1]);

    graph().updateNode('n1', { label: 'second' });
    const second = historyChange(graph(), first.saved)!;
    expect(second.change).toMatchObject({ first: 0, last: 2, cursor: 2 });
    expect(second.change.put.map((s) => s.step)).toEqual([2]);
    expect(historyChange(graph(), second.saved)).toBeUndefined();

    graph().undo();
    graph().undo();
    const undone = historyChange(graph(), second.saved)!;
    expect(undone.change).toEqual({ first: 0, last: 2, cursor: 0, put: [] });

    // An edit after undo takes the place of the first undone step; the rest of redo is dropped.
    graph().updateNode('n3', { label: 'other' });
    const replaced = historyChange(graph(), undone.saved)!;
    expect(replaced.change).toMatchObject({ first: 0, last: 1, cursor: 1 });
    expect(replaced.change.put.map((s) => s.step)).toEqual([1]);
    expect(HistoryChangeSchema.safeParse(replaced.change).success).toBe(true);
  });

  it('sends an empty range once everything is undone and then edited over', () => {
    graph().updateNode('n1', { label: 'x' });
    const saved = historyChange(graph(), undefined)!.saved;
    graph().undo();
    const change = historyChange(graph(), saved)!.change;
    expect(change).toEqual({ first: 0, last: 0, cursor: -1, put: [] });
    expect(HistoryChangeSchema.safeParse(change).success).toBe(true);
  });

  it('reloads a stored history, and stops undo and redo at a step it cannot read', () => {
    graph().updateNode('n1', { label: 'a' });
    graph().updateNode('n1', { label: 'b' });
    graph().updateNode('n1', { label: 'c' });
    graph().undo();
    const text = (s: { step: number; patch: unknown }) => ({ step: s.step, patch: JSON.stringify(s.patch) });
    const stored = { past: graph().past.map(text), future: graph().future.map(text) };
    expect(readHistory(stored)).toEqual({ past: graph().past, future: graph().future });

    const damaged = { past: [{ step: 0, patch: '{"nodes":' }, ...stored.past.slice(1)], future: [{ step: 2, patch: '{"nodes":{"added":7}}' }] };
    const read = readHistory(damaged);
    expect(read.past.map((s) => s.step)).toEqual([1]);
    expect(read.future).toEqual([]);
    // The next save drops the unreadable steps from main's copy too.
    const saved: SavedHistory = savedFrom(damaged, read);
    graph().load({ doc: graph().document(), projectId: 'big' }, read);
    expect(historyChange(graph(), saved)).toMatchObject({ change: { first: 1, last: 1, cursor: 1, put: [] } });
    graph().undo();
    expect(graph().document().nodes.find((n) => n.id === 'n1')!.label).toBe('a');
  });

  it('sends a few hundred bytes for one edit on a 1,000-node graph, not the graph', () => {
    const doc = bigDoc(1000);
    graph().load({ doc, projectId: 'big' });
    const wholeGraph = JSON.stringify(doc).length;
    // Some history already saved, as after a while of editing.
    for (let i = 0; i < 20; i++) graph().updateNode(`n${i}`, { label: `label ${i}` });
    const saved = historyChange(graph(), undefined)!.saved;

    graph().updateParams('n501', { command: 'echo changed' });
    const edited = historyChange(graph(), saved)!;
    const size = (c: unknown) => new TextEncoder().encode(JSON.stringify(c)).length;
    console.log(`history sent after one edit on a 1,000-node graph: ${size(edited.change)} bytes (the graph is ${wholeGraph} bytes)`);
    expect(wholeGraph).toBeGreaterThan(100_000);
    expect(size(edited.change)).toBeLessThan(1024);

    // Dragging one node, then adding one: two small steps.
    graph().onNodesChange([{ type: 'position', id: 'n7', position: { x: 5, y: 5 }, dragging: true }]);
    graph().onNodesChange([{ type: 'position', id: 'n7', position: { x: 9, y: 9 }, dragging: false }]);
    graph().addNode('text', { x: 0, y: 0 });
    const more = historyChange(graph(), edited.saved)!.change;
    expect(more.put).toHaveLength(2);
    expect(size(more)).toBeLessThan(1024);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../../nodes/sdk';
import { useGraph } from './graph';
import { previewOf } from './preview';

const doc: Pipeline = {
  format: FORMAT,
  id: 'demo',
  name: 'Demo',
  nodes: [{ id: 'greeting', kind: 'text', params: { text: 'hi' }, position: { x: 0, y: 0 } }],
  edges: [],
};

const draft: Pipeline = {
  ...doc,
  nodes: [
    { id: 'greeting', kind: 'text', params: { text: 'hello, runners' }, position: { x: 0, y: 0 } },
    { id: 'write', kind: 'shell', params: { command: 'cat' }, position: { x: 320, y: 0 } },
  ],
  edges: [{ id: 'e1', from: { node: 'greeting', port: 'text' }, to: { node: 'write', port: 'input' } }],
};

const graph = () => useGraph.getState();

beforeEach(() => {
  graph().load({ doc, projectId: 'demo' });
});

describe('a proposal previewed on the canvas', () => {
  it('shows the draft with new and changed nodes marked, and leaves the graph, its undo and its revision alone', () => {
    graph().showPreview(previewOf(draft, { added: ['write'], changed: ['greeting'] }));
    const shown = graph().preview!;
    expect(shown.nodes.map((n) => [n.id, n.className])).toEqual([
      ['greeting', 'pw-preview-changed'],
      ['write', 'pw-preview-added'],
    ]);
    expect(shown.edges.map((e) => [e.source, e.target])).toEqual([['greeting', 'write']]);
    // What autosave writes and undo restores is still the person's own graph.
    expect(graph().document()).toEqual(doc);
    expect(graph().revision).toBe(0);
    expect(graph().past).toEqual([]);
  });

  it('refuses edits to the graph while a proposal is shown, and keeps nothing of it once discarded', () => {
    graph().showPreview(previewOf(draft, { added: ['write'], changed: ['greeting'] }));
    graph().addNode('shell', { x: 0, y: 200 });
    graph().updateParams('greeting', { text: 'typed under the preview' }, 'text');
    expect(graph().connect({ source: 'greeting', sourceHandle: 'text', target: 'write', targetHandle: 'input' })).toMatch(/confirm or discard/);
    // Selecting and measuring the proposal's nodes touches the proposal only.
    graph().onNodesChange([{ type: 'select', id: 'write', selected: true }, { type: 'remove', id: 'greeting' }]);
    expect(graph().preview!.nodes.find((n) => n.id === 'write')?.selected).toBe(true);
    expect(graph().preview!.nodes).toHaveLength(2);
    graph().clearPreview();
    expect(graph().preview).toBeUndefined();
    expect(graph().document()).toEqual(doc);
    expect(graph().revision).toBe(0);
    graph().addNode('shell', { x: 0, y: 200 });
    expect(graph().document().nodes).toHaveLength(2);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../../nodes/sdk';
import { useGraph } from './graph';

const doc: Pipeline = {
  format: FORMAT,
  id: 'demo',
  name: 'Demo',
  nodes: [
    { id: 'greeting', kind: 'text', params: { text: 'hi' }, position: { x: 0, y: 0 } },
    { id: 'write', kind: 'shell', params: { command: 'cat' }, position: { x: 320, y: 0 } },
  ],
  edges: [],
};

const graph = () => useGraph.getState();
const connection = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({ source, sourceHandle, target, targetHandle });

beforeEach(() => {
  graph().load({ doc, projectId: 'demo' });
});

describe('the graph store', () => {
  it('round-trips a document exactly', () => {
    expect(graph().document()).toEqual(doc);
  });

  it('connects compatible ports and refuses incompatible ones with the reason', () => {
    expect(graph().connect(connection('greeting', 'text', 'write', 'input'))).toBeUndefined();
    expect(graph().document().edges).toEqual([
      { id: 'e-greeting-write', from: { node: 'greeting', port: 'text' }, to: { node: 'write', port: 'input' } },
    ]);
    expect(graph().connect(connection('write', 'stdout', 'write', 'workspace'))).toBe('a node cannot feed itself');
    graph().addNode('shell', { x: 600, y: 0 });
    expect(graph().connect(connection('write', 'stdout', 'shell', 'workspace'))).toBe(
      'a text output cannot feed a workspace input: connect ports of the same type (or any)',
    );
    expect(graph().document().edges).toHaveLength(1);
  });

  it('replaces the edge into an input that already has one', () => {
    graph().connect(connection('greeting', 'text', 'write', 'input'));
    graph().addNode('text', { x: 0, y: 200 });
    graph().connect(connection('text', 'text', 'write', 'input'));
    expect(graph().document().edges.map((e) => e.from.node)).toEqual(['text']);
  });

  it('gives new nodes free ids and their schema defaults', () => {
    const a = graph().addNode('shell', { x: 0, y: 0 });
    const b = graph().addNode('shell', { x: 0, y: 0 });
    expect([a, b]).toEqual(['shell', 'shell-2']);
    expect(graph().document().nodes.find((n) => n.id === 'shell')!.params).toEqual({ command: '' });
    expect(graph().addNode('pipeline-input', { x: 0, y: 0 })).toBe('pipeline-input');
    expect(graph().document().nodes.at(-1)!.params).toEqual({ type: 'text', name: 'input' });
  });

  it('undoes and redoes every kind of edit, one step each', () => {
    graph().addNode('shell', { x: 0, y: 200 });
    graph().connect(connection('greeting', 'text', 'write', 'input'));
    graph().updateParams('write', { command: 'c' }, 'command');
    graph().updateParams('write', { command: 'ca' }, 'command');
    graph().updateParams('write', { command: 'cat -n' }, 'command');
    expect(graph().past).toHaveLength(3);
    graph().undo();
    expect(graph().document().nodes[1].params).toEqual({ command: 'cat' });
    graph().undo();
    expect(graph().document().edges).toHaveLength(0);
    graph().undo();
    expect(graph().document()).toEqual(doc);
    graph().undo();
    expect(graph().document()).toEqual(doc);
    graph().redo();
    graph().redo();
    graph().redo();
    expect(graph().document().nodes[1].params).toEqual({ command: 'cat -n' });
    expect(graph().future).toEqual([]);
  });

  it('restores an undo history given at load (it survives a reload)', () => {
    graph().addNode('shell', { x: 0, y: 200 });
    const { past, future } = graph();
    const saved = graph().document();
    graph().load({ doc: saved, projectId: 'demo' }, { past, future });
    graph().undo();
    expect(graph().document()).toEqual(doc);
  });

  it('deletes the selection with its edges as one step', () => {
    graph().connect(connection('greeting', 'text', 'write', 'input'));
    graph().selectOnly('greeting');
    graph().deleteSelected();
    expect(graph().document().nodes.map((n) => n.id)).toEqual(['write']);
    expect(graph().document().edges).toEqual([]);
    graph().undo();
    expect(graph().document().edges).toHaveLength(1);
  });

  it('copies and pastes nodes with their inner edges under new ids', () => {
    graph().connect(connection('greeting', 'text', 'write', 'input'));
    graph().selectAll();
    const clip = graph().copySelection()!;
    graph().paste(clip);
    const ids = graph().document().nodes.map((n) => n.id);
    expect(ids).toEqual(['greeting', 'write', 'greeting-2', 'write-2']);
    expect(graph().document().edges.map((e) => `${e.from.node}->${e.to.node}`)).toEqual(['greeting->write', 'greeting-2->write-2']);
    expect(graph().document().nodes[2].position).toEqual({ x: 40, y: 40 });
  });

  it('keeps comments and groups in the document as comment and group nodes, groups drawn first', () => {
    graph().addAnnotation('comment', { x: 10, y: 10 }, undefined, 'remember');
    graph().selectAll();
    const group = graph().groupSelection()!;
    expect(group).toBe('group');
    const nodes = graph().document().nodes;
    expect(nodes.map((n) => [n.id, n.kind])).toEqual([
      ['group', 'group'],
      ['greeting', 'text'],
      ['write', 'shell'],
      ['comment', 'comment'],
    ]);
    // The comment keeps the default size unnamed; the group names the size that frames the selection.
    expect(nodes[3].params).toEqual({ text: 'remember' });
    expect(nodes[0].params).toMatchObject({ title: 'Group' });
    expect(nodes[0].params.width).toBeGreaterThan(560);
    expect(graph().nodes[0].zIndex).toBeLessThan(-1000);
  });

  it('edits a comment from the canvas and resizes it into its params, one undo step each', () => {
    const id = graph().addAnnotation('comment', { x: 0, y: 200 });
    graph().updateAnnotation(id, 'first draft');
    graph().onNodesChange([{ type: 'dimensions', id, dimensions: { width: 300, height: 180 }, resizing: true, setAttributes: true }]);
    graph().onNodesChange([{ type: 'dimensions', id, dimensions: { width: 320, height: 200 }, resizing: false, setAttributes: true }]);
    const note = graph().document().nodes.find((n) => n.id === id)!;
    expect(note.params).toEqual({ text: 'first draft', width: 320, height: 200 });
    expect(graph().nodes.find((n) => n.id === id)!.data.params).toEqual(note.params);
    graph().undo();
    expect(graph().document().nodes.find((n) => n.id === id)!.params).toEqual({ text: 'first draft' });
    graph().undo();
    expect(graph().document().nodes.find((n) => n.id === id)!.params).toEqual({ text: '' });
  });

  it('resizes a group on the canvas when its size is typed in the inspector', () => {
    const id = graph().addAnnotation('group', { x: 0, y: 0 });
    graph().updateParams(id, { title: 'Build', width: 640, height: 400 });
    expect(graph().nodes.find((n) => n.id === id)).toMatchObject({ width: 640, height: 400 });
  });

  it('adds a comment dragged from the palette as a note, not as a pipeline node', () => {
    const id = graph().addNode('comment', { x: 5, y: 5 });
    expect(graph().nodes.find((n) => n.id === id)).toMatchObject({ type: 'comment', width: 240, height: 120 });
  });

  it('changes nothing while a past run is shown', () => {
    graph().setReadOnly(true);
    graph().addNode('shell', { x: 0, y: 0 });
    expect(graph().connect(connection('greeting', 'text', 'write', 'input'))).toMatch(/past run/);
    graph().updateParams('write', { command: 'rm -rf /' });
    expect(graph().document()).toEqual(doc);
  });

  it('indexes validation issues by node', () => {
    graph().setValidation([{ nodeId: 'write', code: 'invalid-param', field: 'command', message: 'x' }], {});
    expect(graph().issuesByNode.write).toHaveLength(1);
    expect(graph().issuesByNode.greeting).toBeUndefined();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, PipelineSchema, type Pipeline } from '../../../nodes/sdk';
import { useGraph } from './graph';
import { planSubPipeline, type SubPipelinePlan } from './sub-pipeline';

// Making a sub-pipeline from a selection: what the new pipeline holds, how the outer graph is
// rewired, and that the store makes it one undo step.

const flat: Pipeline = {
  format: FORMAT,
  id: 'flat',
  name: 'Flat',
  nodes: [
    { id: 'say', kind: 'text', params: { text: 'hello' }, position: { x: 0, y: 0 } },
    { id: 'upper', kind: 'shell', params: { command: 'tr a-z A-Z' }, position: { x: 320, y: 0 } },
    { id: 'stars', kind: 'shell', params: { command: 'sed s/^/**/' }, position: { x: 640, y: 0 } },
    { id: 'count', kind: 'shell', params: { command: 'wc -c' }, position: { x: 960, y: 0 } },
    { id: 'files', kind: 'shell', params: { command: 'ls' }, position: { x: 960, y: 300 } },
    { id: 'why', kind: 'comment', params: { text: 'shouting' }, position: { x: 320, y: 300 } },
  ],
  edges: [
    { id: 'e1', from: { node: 'say', port: 'text' }, to: { node: 'upper', port: 'input' } },
    { id: 'e2', from: { node: 'upper', port: 'stdout' }, to: { node: 'stars', port: 'input' } },
    { id: 'e3', from: { node: 'stars', port: 'stdout' }, to: { node: 'count', port: 'input' } },
    { id: 'e4', from: { node: 'upper', port: 'workspace' }, to: { node: 'files', port: 'workspace' } },
    { id: 'e5', from: { node: 'say', port: 'text' }, to: { node: 'stars', port: 'input' } },
  ],
};

const graph = () => useGraph.getState();

function select(ids: string[]): void {
  useGraph.setState((s) => ({ nodes: s.nodes.map((n) => ({ ...n, selected: ids.includes(n.id) })) }));
}

function plan(ids: string[]): SubPipelinePlan | string {
  select(ids);
  return planSubPipeline(graph(), { id: 'shout', name: 'Shout' });
}

const wires = (doc: Pipeline) => doc.edges.map((e) => `${e.from.node}.${e.from.port} → ${e.to.node}.${e.to.port}`).sort();

beforeEach(() => graph().load({ doc: structuredClone(flat), projectId: 'p' }));

describe('planSubPipeline', () => {
  it('moves the selection into a pipeline whose inputs and outputs are the edges that crossed it', () => {
    const made = plan(['upper', 'stars', 'why']);
    if (typeof made === 'string') throw new Error(made);
    const { doc } = made;
    expect(PipelineSchema.safeParse(doc).success).toBe(true);
    // One input for the text that came in (read by two nodes inside), one output per port that went out.
    expect(doc.inputs).toEqual([{ name: 'input', type: 'text' }]);
    expect(doc.outputs).toEqual([
      { name: 'stdout', type: 'text' },
      { name: 'workspace', type: 'workspace' },
    ]);
    const kinds = Object.fromEntries(doc.nodes.map((n) => [n.id, n.kind]));
    expect(kinds).toEqual({
      upper: 'shell',
      stars: 'shell',
      why: 'comment',
      'in-input': 'pipeline-input',
      'out-workspace': 'pipeline-output',
      'out-stdout': 'pipeline-output',
    });
    expect(doc.nodes.find((n) => n.id === 'in-input')!.params).toEqual({ name: 'input', type: 'text' });
    expect(doc.nodes.find((n) => n.id === 'out-stdout')!.params).toEqual({ name: 'stdout' });
    expect(wires(doc)).toEqual([
      'in-input.value → stars.input',
      'in-input.value → upper.input',
      'stars.stdout → out-stdout.value',
      'upper.stdout → stars.input',
      'upper.workspace → out-workspace.value',
    ]);
    // Inputs sit left of the selection, outputs right of it.
    const x = (id: string) => doc.nodes.find((n) => n.id === id)!.position.x;
    expect(x('in-input')).toBeLessThan(x('upper'));
    expect(x('out-stdout')).toBeGreaterThan(x('stars'));

    const outer = made.replace('shout');
    expect(outer.nodes.map((n) => n.id).sort()).toEqual(['count', 'files', 'say', 'shout']);
    const node = outer.nodes.find((n) => n.id === 'shout')!;
    expect(node.data).toMatchObject({ kind: 'pipeline', params: { ref: 'shout' }, label: 'Shout' });
    expect(node.selected).toBe(true);
    // It takes the middle of the place the selection left.
    expect(node.position.x).toBeGreaterThan(320);
    expect(node.position.x).toBeLessThan(640);
    expect(outer.ports).toEqual({ inputs: doc.inputs, outputs: doc.outputs });
    const outerWires = outer.edges.map((e) => `${e.source}.${e.sourceHandle} → ${e.target}.${e.targetHandle}`).sort();
    expect(outerWires).toEqual(['say.text → shout.input', 'shout.stdout → count.input', 'shout.workspace → files.workspace']);
    expect(outer.edges.find((e) => e.target === 'files')!.data).toEqual({ portType: 'workspace' });
  });

  it('refuses an empty selection, one of comments only, and the outer pipeline’s own inputs', () => {
    expect(plan([])).toMatch(/select the nodes to make into a sub-pipeline first/);
    expect(plan(['why'])).toMatch(/holds only comments and groups/);
    graph().addNode('pipeline-input', { x: -300, y: 0 });
    expect(plan(['pipeline-input', 'upper'])).toMatch(/"pipeline-input" is an input or output of this pipeline/);
  });
});

describe('the graph store', () => {
  it('replaces the selection in one undo step, and undo brings back the nodes and edges as they were', () => {
    const before = graph().document();
    const steps = graph().past.length;
    const made = plan(['upper', 'stars']);
    if (typeof made === 'string') throw new Error(made);
    graph().replaceWithSubPipeline(made.replace('shout'));
    expect(graph().past.length).toBe(steps + 1);
    const after = graph().document();
    expect(after.nodes.map((n) => n.id).sort()).toEqual(['count', 'files', 'say', 'shout', 'why']);
    // The new node shows its ports at once, before main has validated anything.
    expect(graph().resolvedPorts.shout.inputs.map((p) => p.name)).toEqual(['input']);
    expect(graph().checkConnection({ source: 'shout', sourceHandle: 'stdout', target: 'count', targetHandle: 'input' })).toBeUndefined();

    graph().undo();
    const undone = graph().document();
    expect(undone.nodes).toEqual(before.nodes);
    expect(undone.edges).toEqual(before.edges);
    graph().redo();
    expect(graph().document()).toEqual(after);
  });
});

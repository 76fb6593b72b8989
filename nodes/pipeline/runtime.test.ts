import { afterEach, describe, expect, it } from 'vitest';
import { edge, node, pipeline, testEngine, type TestEngine } from '../../main/engine/test-kinds.test-support';
import { portsOf, type Pipeline } from '../sdk';
import { pipelineDefinition } from './definition';

let t: TestEngine;
afterEach(() => t?.dispose());

const greeter = (declared: boolean): Pipeline =>
  pipeline(
    'greeter',
    [
      node('who', 'pipeline-input', { name: 'who', type: 'text' }),
      node('greeting', 'pipeline-input', { name: 'greeting', default: 'hello ' }),
      node('join', 'echo', { text: '' }),
      node('g', 'echo'),
      node('out', 'pipeline-output', { name: 'message' }),
    ],
    [edge('greeting.value', 'g.in'), edge('who.value', 'join.in'), edge('join.text', 'out.value')],
    declared
      ? { inputs: [{ name: 'who', type: 'text' }, { name: 'greeting', type: 'text', optional: true }], outputs: [{ name: 'message', type: 'text' }] }
      : {},
  );

describe('pipeline', () => {
  it('shows the declared interface of the pipeline it refers to', () => {
    const ports = portsOf(pipelineDefinition, { ref: 'g' }, { loadPipeline: () => greeter(true) });
    expect(ports.inputs).toEqual([
      { name: 'who', type: 'text' },
      { name: 'greeting', type: 'text', optional: true },
    ]);
    expect(ports.outputs).toEqual([{ name: 'message', type: 'text' }]);
    expect(pipelineDefinition).toMatchObject({ kind: 'pipeline', category: 'Pipeline', role: 'subpipeline', cache: false });
  });

  it('derives the interface from input and output nodes when none is declared', () => {
    const ports = portsOf(pipelineDefinition, { ref: 'g' }, { loadPipeline: () => greeter(false) });
    expect(ports.inputs).toEqual([
      { name: 'who', type: 'text' },
      { name: 'greeting', type: 'text', optional: true },
    ]);
    expect(ports.outputs).toEqual([{ name: 'message', type: 'any' }]);
  });

  it('runs the referenced pipeline with its inputs and returns its outputs by name', async () => {
    t = testEngine();
    t.pipelines.set('greeter', greeter(true));
    const doc = pipeline(
      'outer',
      [node('name', 'echo', { text: 'Ada' }), node('sub', 'pipeline', { ref: 'greeter' }), node('o', 'pipeline-output', { name: 'final' })],
      [edge('name.text', 'sub.who'), edge('sub.message', 'o.value')],
    );
    const { summary } = await t.run(doc);
    expect(summary.status).toBe('succeeded');
    expect(summary.nodes.sub.outputs).toEqual({ message: 'Ada' });
    // The optional input left unconnected took its default inside.
    expect(summary.nodes['sub/g'].outputs).toEqual({ text: 'hello ' });
    expect(summary.outputs).toEqual({ final: 'Ada' });
  });

  it('fails when its required input is missing at validation', () => {
    t = testEngine();
    t.pipelines.set('greeter', greeter(true));
    const issues = t.engine.validate(pipeline('outer', [node('sub', 'pipeline', { ref: 'greeter' })]));
    expect(issues.map((i) => [i.code, i.field])).toEqual([['missing-input', 'who']]);
  });
});

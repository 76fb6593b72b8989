import { afterEach, describe, expect, it } from 'vitest';
import { edge, node, pipeline, testEngine, type TestEngine } from '../../main/engine/test-kinds.test-support';
import { portsOf } from '../sdk';
import { pipelineInputDefinition } from './definition';

let t: TestEngine;
afterEach(() => t?.dispose());

const noLoad = { loadPipeline: () => { throw new Error('unused'); } };

describe('pipeline-input', () => {
  it('has an output typed by its type param, text by default', () => {
    const params = pipelineInputDefinition.params.parse({ name: 'src', type: 'workspace' });
    expect(portsOf(pipelineInputDefinition, params, noLoad).outputs).toEqual([
      { name: 'value', type: 'workspace', description: 'The run input "src"' },
    ]);
    expect(pipelineInputDefinition.params.parse({ name: 'x' }).type).toBe('text');
    expect(pipelineInputDefinition).toMatchObject({ kind: 'pipeline-input', category: 'Pipeline', role: 'pipeline-input', cache: false });
  });

  const doc = (params: Record<string, unknown>) =>
    pipeline('p', [node('in', 'pipeline-input', params), node('out', 'pipeline-output', { name: 'got' })], [edge('in.value', 'out.value')]);

  it('hands on the value the run was given, over its default', async () => {
    t = testEngine();
    const { summary } = await t.run(doc({ name: 'topic', default: 'cats' }), { inputs: { topic: 'dogs' } });
    expect(summary.outputs).toEqual({ got: 'dogs' });
  });

  it('falls back to its default', async () => {
    t = testEngine();
    const { summary } = await t.run(doc({ name: 'topic', default: 'cats' }));
    expect(summary.outputs).toEqual({ got: 'cats' });
  });

  it('fails naming the input when there is neither a value nor a default', async () => {
    t = testEngine();
    const { summary } = await t.run(doc({ name: 'topic' }));
    expect(summary.nodes.in.status).toBe('failed');
    expect(summary.nodes.in.error).toMatch(/^pipeline input "topic" has no value: give it when starting the run/);
    expect(summary.nodes.in.error).toContain('set a default on node "in"');
  });

  it('fails when the value given does not fit its type', async () => {
    t = testEngine();
    const { summary } = await t.run(doc({ name: 'src', type: 'workspace' }), { inputs: { src: 'just a string' } });
    expect(summary.nodes.in.error).toMatch(/^pipeline input "src" takes a workspace value/);
  });
});

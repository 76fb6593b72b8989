import { afterEach, describe, expect, it } from 'vitest';
import { edge, node, pipeline, testEngine, type TestEngine } from '../../main/engine/test-kinds.test-support';
import { pipelineOutputDefinition } from './definition';
import { pipelineOutputRuntime } from './runtime';

let t: TestEngine;
afterEach(() => t?.dispose());

describe('pipeline-output', () => {
  it('takes any value on its value input and produces no outputs of its own', async () => {
    expect(pipelineOutputDefinition).toMatchObject({
      kind: 'pipeline-output',
      category: 'Pipeline',
      role: 'pipeline-output',
      inputs: [{ name: 'value', type: 'any' }],
      outputs: [],
    });
    expect(pipelineOutputDefinition.params.safeParse({}).success).toBe(false);
    const result = await pipelineOutputRuntime.run({ inputs: { value: 1 }, params: { name: 'x' }, ctx: undefined as never });
    expect(result).toEqual({});
  });

  it('makes its input a run output under its name', async () => {
    t = testEngine();
    const doc = pipeline(
      'p',
      [node('a', 'noop', { n: 7 }), node('t', 'echo', { text: 'hi' }), node('o1', 'pipeline-output', { name: 'number' }), node('o2', 'pipeline-output', { name: 'words' })],
      [edge('a.out', 'o1.value'), edge('t.text', 'o2.value')],
    );
    const { summary } = await t.run(doc);
    expect(summary.outputs).toEqual({ number: 7, words: 'hi' });
    // Cached on a re-run, and the outputs are still reported.
    const again = await t.run(doc);
    expect(again.summary.nodes.o1.status).toBe('cached');
    expect(again.summary.outputs).toEqual({ number: 7, words: 'hi' });
  });
});

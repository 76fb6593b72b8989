import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from './errors';
import { edge, node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

let t: TestEngine;
afterEach(() => t?.dispose());

describe('Engine.prepare', () => {
  it('validates a run once: the run reads no sub-pipeline the validation already read', async () => {
    t = testEngine();
    t.pipelines.set(
      'inner',
      pipeline('inner', [node('w', 'pipeline-input', { name: 'w' }), node('o', 'pipeline-output', { name: 'r' })], [edge('w.value', 'o.value')], {
        inputs: [{ name: 'w', type: 'text' }],
        outputs: [{ name: 'r', type: 'text' }],
      }),
    );
    const doc = pipeline(
      'outer',
      [node('src', 'echo', { text: 'hi' }), node('sub', 'pipeline', { ref: 'inner' }), node('out', 'pipeline-output', { name: 'answer' })],
      [edge('src.text', 'sub.w'), edge('sub.r', 'out.value')],
    );
    const loads = vi.spyOn(t.pipelines, 'get');
    const prepared = t.engine.prepare(doc);
    expect(prepared.issues).toEqual([]);
    const summary = await t.engine.run(prepared, { projectId: 'p' }).done;
    expect(summary.status).toBe('succeeded');
    expect(summary.outputs.answer).toBe('hi');
    expect(loads.mock.calls.map(([ref]) => ref)).toEqual(['inner']);
  });

  it('refuses to run a prepared document that has problems, listing them', () => {
    t = testEngine();
    const prepared = t.engine.prepare(pipeline('bad', [node('x', 'no-such-kind')]));
    expect(prepared.issues.map((i) => i.code)).toEqual(['unknown-kind']);
    expect(() => t.engine.run(prepared, { projectId: 'p' })).toThrow(ValidationError);
  });
});

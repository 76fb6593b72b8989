import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { edge, node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

let t: TestEngine;
afterEach(() => t?.dispose());

/** outer → middle → inner: a word goes down two levels, gets decorated at each, comes back up. */
function threeLevels(engine: TestEngine) {
  engine.pipelines.set(
    'inner',
    pipeline(
      'inner',
      [node('word', 'pipeline-input', { name: 'word' }), node('shout', 'echo', { text: 'inner:' }), node('ws', 'write', { files: { 'f.txt': 'x' } }), node('res', 'pipeline-output', { name: 'result' })],
      [edge('word.value', 'shout.in'), edge('shout.text', 'res.value')],
    ),
  );
  engine.pipelines.set(
    'middle',
    pipeline(
      'middle',
      [
        node('w', 'pipeline-input', { name: 'w' }),
        node('pre', 'echo', { text: 'middle:' }),
        node('deep', 'pipeline', { ref: 'inner' }),
        node('out', 'pipeline-output', { name: 'done' }),
      ],
      [edge('w.value', 'pre.in'), edge('pre.text', 'deep.word'), edge('deep.result', 'out.value')],
      { inputs: [{ name: 'w', type: 'text' }], outputs: [{ name: 'done', type: 'text' }] },
    ),
  );
  return pipeline(
    'outer',
    [node('src', 'echo', { text: 'hello' }), node('mid', 'pipeline', { ref: 'middle' }), node('final', 'echo', { text: 'outer:' }), node('o', 'pipeline-output', { name: 'answer' })],
    [edge('src.text', 'mid.w'), edge('mid.done', 'final.in'), edge('final.text', 'o.value')],
  );
}

describe('sub-pipelines', () => {
  it('run two levels deep with values flowing down and back up, ids nested in events', async () => {
    t = testEngine();
    // Run as the main pipeline of project "outer", whose folders sit right in the project's.
    const { summary, events } = await t.run(threeLevels(t), { projectId: 'outer' });
    expect(summary.status).toBe('succeeded');
    expect(summary.outputs).toEqual({ answer: 'outer:inner:middle:hello' });
    expect(summary.nodes['mid/deep/shout'].outputs).toEqual({ text: 'inner:middle:hello' });
    expect(summary.nodes['mid/deep'].outputs).toEqual({ result: 'inner:middle:hello' });
    const ids = new Set(events.flatMap((e) => (e.type === 'node-finished' ? [e.nodeId] : [])));
    expect(ids).toEqual(new Set(['src', 'mid', 'final', 'o', 'mid/w', 'mid/pre', 'mid/deep', 'mid/out', 'mid/deep/word', 'mid/deep/shout', 'mid/deep/ws', 'mid/deep/res']));
    // A nested node's workspace is a nested folder.
    expect(existsSync(join(t.root, 'outer', 'mid', 'deep', 'ws', 'f.txt'))).toBe(true);
    expect(events.filter((e) => e.type === 'run-started' || e.type === 'run-finished')).toHaveLength(2);
  });

  it('cache inner nodes like any other, so a re-run executes only the pass-through nodes', async () => {
    t = testEngine();
    const doc = threeLevels(t);
    await t.run(doc);
    t.recorder.calls.length = 0;
    const { summary } = await t.run(doc);
    expect(summary.outputs).toEqual({ answer: 'outer:inner:middle:hello' });
    expect(t.recorder.calls.sort()).toEqual(['mid', 'mid/deep', 'mid/deep/word', 'mid/w']);
  });

  it('share the run’s concurrency without deadlocking, even at one slot', async () => {
    t = testEngine();
    t.pipelines.set('inner', pipeline('inner', [node('a', 'sleep', { ms: 5 }), node('b', 'sleep', { ms: 5 })]));
    const doc = pipeline('outer', [node('p1', 'pipeline', { ref: 'inner' }), node('p2', 'pipeline', { ref: 'inner' }), node('n', 'nest', { ref: 'inner' })]);
    const { summary, events } = await t.run(doc, { concurrency: 1 });
    expect(summary.status).toBe('succeeded');
    expect(Object.keys(summary.nodes)).toHaveLength(9);
    // Every sleeper ran, never two at once: the pipeline and nest nodes only wait, holding no slot.
    let sleeping = 0;
    let peak = 0;
    for (const e of events) {
      if (e.type === 'node-started' && e.kind === 'sleep') peak = Math.max(peak, ++sleeping);
      if (e.type === 'node-finished' && e.kind === 'sleep') sleeping--;
    }
    expect(t.recorder.calls.filter((id) => /\/(a|b)$/.test(id))).toHaveLength(6);
    expect(peak).toBe(1);
  });

  it('fail the pipeline node with the inner node and its error named', async () => {
    t = testEngine();
    t.pipelines.set('inner', pipeline('inner', [node('boom', 'fail', { message: 'inner exploded' })]));
    const { summary } = await t.run(pipeline('outer', [node('sub', 'pipeline', { ref: 'inner' })]));
    expect(summary.status).toBe('failed');
    expect(summary.nodes['sub/boom'].status).toBe('failed');
    expect(summary.nodes.sub.status).toBe('failed');
    expect(summary.nodes.sub.error).toContain('sub-pipeline "inner" failed at node "sub/boom"');
    expect(summary.nodes.sub.error).toContain('sub/boom: inner exploded');
  });

  it('refuse recursion at run time as well, naming the chain', async () => {
    t = testEngine();
    // `nest` calls runSubpipeline without declaring the subpipeline role, so validation cannot see the loop.
    const outer = pipeline('outer', [node('go', 'nest', { ref: 'inner' })]);
    t.pipelines.set('outer', outer);
    t.pipelines.set('inner', pipeline('inner', [node('back', 'nest', { ref: 'outer' })]));
    expect(t.engine.validate(outer)).toEqual([]);
    const { summary } = await t.run(outer);
    expect(summary.status).toBe('failed');
    expect(summary.nodes['go/back'].error).toBe('a pipeline cannot contain itself, recursion: outer → inner → outer');
    expect(summary.nodes.go.error).toContain('recursion: outer → inner → outer');
  });
});

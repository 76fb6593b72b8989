import { afterEach, describe, expect, it } from 'vitest';
import { edge, node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

let t: TestEngine;
afterEach(() => t?.dispose());

describe('failures', () => {
  it('skips what depends on a failed node while an independent branch finishes', async () => {
    t = testEngine();
    const doc = pipeline(
      'f',
      [node('bad', 'fail', { message: 'compiler exploded' }), node('after', 'noop'), node('later', 'noop'), node('other', 'sleep', { ms: 50, n: 1 }), node('next', 'noop')],
      [edge('bad.out', 'after.a'), edge('after.out', 'later.a'), edge('other.out', 'next.a')],
    );
    const { summary, events } = await t.run(doc);
    expect(summary.status).toBe('failed');
    expect(summary.nodes.bad).toMatchObject({ status: 'failed', error: 'compiler exploded\nattempt 1' });
    expect(summary.nodes.after).toMatchObject({ status: 'skipped', error: 'upstream node "bad" failed' });
    expect(summary.nodes.later).toMatchObject({ status: 'skipped', error: 'upstream node "after" skipped' });
    expect(summary.nodes.next).toMatchObject({ status: 'succeeded', outputs: { out: 1 } });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'failed', error: '1 node failed: bad' });
  });

  it('shows the message of an ordinary error without a stack', async () => {
    t = testEngine();
    const { summary } = await t.run(pipeline('f', [node('bad', 'fail', { message: 'plain trouble', plain: true })]));
    expect(summary.nodes.bad.error).toBe('plain trouble');
  });

  it('failFast stops starting nodes after the first failure; the not-started are skipped', async () => {
    t = testEngine();
    const nodes = [node('bad', 'fail'), node('slow', 'sleep', { ms: 80 })];
    const edges = [];
    for (let i = 0; i < 5; i++) {
      nodes.push(node(`w${i}`, 'sleep', { ms: 5 }));
      edges.push(edge('slow.out', `w${i}.a`));
    }
    const { summary } = await t.run(pipeline('ff', nodes, edges), { failFast: true, concurrency: 2 });
    expect(summary.status).toBe('failed');
    expect(summary.nodes.slow.status).toBe('succeeded');
    for (let i = 0; i < 5; i++) expect(summary.nodes[`w${i}`].status).toBe('skipped');
    expect(summary.nodes.w0.error).toMatch(/run stops at the first failure/);
    expect(t.recorder.calls.sort()).toEqual(['bad', 'slow']);
  });

  it('failFast also ends nodes waiting inside a sub-pipeline', async () => {
    t = testEngine();
    t.pipelines.set('inner', pipeline('inner', [node('s1', 'sleep', { ms: 10 }), node('s2', 'noop')], [edge('s1.out', 's2.a')]));
    const doc = pipeline('outer', [node('bad', 'fail'), node('sub', 'pipeline', { ref: 'inner' })]);
    const { summary } = await t.run(doc, { failFast: true, concurrency: 1 });
    expect(summary.status).toBe('failed');
    expect(summary.nodes['sub/s1'].status).toBe('skipped');
    expect(summary.nodes['sub/s2'].status).toBe('skipped');
    expect(summary.nodes.sub).toMatchObject({ status: 'failed', error: 'sub-pipeline "inner" stopped: another node of the run failed' });
    expect(t.recorder.calls.sort()).toEqual(['bad', 'sub']);
  });

  it('retries a failing node, reporting the attempt number', async () => {
    t = testEngine();
    const { summary, events } = await t.run(pipeline('r', [node('flaky', 'fail', { times: 2 }, { settings: { retries: 2 } })]));
    expect(summary.nodes.flaky).toMatchObject({ status: 'succeeded', outputs: { out: 3 } });
    const attempts = events.flatMap((e) => (e.type === 'node-started' ? [e.attempt] : []));
    expect(attempts).toEqual([1, 2, 3]);
    const logs = events.flatMap((e) => (e.type === 'node-log' ? [e.chunk] : []));
    expect(logs[0]).toContain('attempt 1 of 3 failed: broken; trying again');
  });

  it('fails after the last retry with the last error', async () => {
    t = testEngine();
    const { summary } = await t.run(pipeline('r', [node('flaky', 'fail', { times: 5 }, { settings: { retries: 1 } })]));
    expect(summary.nodes.flaky).toMatchObject({ status: 'failed', error: 'broken\nattempt 2' });
    expect(t.recorder.calls).toEqual(['flaky', 'flaky']);
  });

  it('aborts a node that runs past its timeout, with a clear error', async () => {
    t = testEngine();
    const began = Date.now();
    const { summary } = await t.run(pipeline('t', [node('slow', 'sleep', { ms: 10_000 }, { settings: { timeoutMs: 100 } })]));
    expect(Date.now() - began).toBeLessThan(3000);
    expect(summary.nodes.slow.status).toBe('failed');
    expect(summary.nodes.slow.error).toMatch(/^timed out after 100 ms/);
    expect(t.recorder.aborted).toEqual(['slow']);
  });

  it('retries a node that timed out', async () => {
    t = testEngine();
    const { events } = await t.run(pipeline('t', [node('slow', 'sleep', { ms: 10_000 }, { settings: { timeoutMs: 50, retries: 1 } })]));
    expect(events.filter((e) => e.type === 'node-started')).toHaveLength(2);
    expect(t.recorder.aborted).toEqual(['slow', 'slow']);
  });

  it('fails a node whose outputs do not match its port types, naming the port', async () => {
    t = testEngine();
    const { summary } = await t.run(pipeline('w', [node('e', 'echo', { wrong: true })]));
    expect(summary.nodes.e.status).toBe('failed');
    expect(summary.nodes.e.error).toContain('output "text" is not a valid text value');
    expect(summary.nodes.e.error).toContain('got 42');
  });
});

describe('pipeline inputs and outputs', () => {
  const doc = () =>
    pipeline(
      'io',
      [
        node('topic', 'pipeline-input', { name: 'topic' }),
        node('n', 'pipeline-input', { name: 'count', type: 'json', default: 3 }),
        node('say', 'echo', { text: 'about ' }),
        node('out', 'pipeline-output', { name: 'sentence' }),
        node('num', 'pipeline-output', { name: 'count' }),
      ],
      [edge('topic.value', 'say.in'), edge('say.text', 'out.value'), edge('n.value', 'num.value')],
      { inputs: [{ name: 'topic', type: 'text' }, { name: 'count', type: 'json', optional: true }] },
    );

  it('feeds run inputs in and reports outputs by name, defaults filling gaps', async () => {
    t = testEngine();
    const { summary } = await t.run(doc(), { inputs: { topic: 'ducks' } });
    expect(summary.status).toBe('succeeded');
    expect(summary.outputs).toEqual({ sentence: 'about ducks', count: 3 });
  });

  it('keys results on the input value, so a new value re-runs its dependants', async () => {
    t = testEngine();
    await t.run(doc(), { inputs: { topic: 'ducks' } });
    t.recorder.calls.length = 0;
    const { summary } = await t.run(doc(), { inputs: { topic: 'geese' } });
    expect(summary.outputs.sentence).toBe('about geese');
    expect(t.recorder.calls).toContain('say');
  });

  it('fails the input node, naming the input, when no value and no default exist', async () => {
    t = testEngine();
    const { summary } = await t.run(doc());
    expect(summary.nodes.topic.status).toBe('failed');
    expect(summary.nodes.topic.error).toContain('pipeline input "topic" has no value');
    expect(summary.nodes.say.status).toBe('skipped');
    expect(summary.outputs).toEqual({ count: 3 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from './events';
import { edge, node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

let t: TestEngine;
afterEach(() => t?.dispose());

type Of<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;
const of = <T extends EngineEvent['type']>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Of<T> => e.type === type);

function fanOut(width: number, ms: number) {
  const nodes = [node('root', 'noop', { n: 1 })];
  const edges = [];
  for (let i = 0; i < width; i++) {
    nodes.push(node(`s${i}`, 'sleep', { ms, n: i }));
    edges.push(edge('root.out', `s${i}.a`));
  }
  return pipeline('fan', nodes, edges);
}

describe('scheduling', () => {
  it('runs independent branches at once: all 8 start before any finishes', async () => {
    t = testEngine();
    const began = Date.now();
    const { summary, events } = await t.run(fanOut(8, 400), { concurrency: 8 });
    const wall = Date.now() - began;
    expect(summary.status).toBe('succeeded');
    const started = of(events, 'node-started').filter((e) => e.kind === 'sleep');
    const finished = of(events, 'node-finished').filter((e) => e.kind === 'sleep');
    expect(started).toHaveLength(8);
    expect(Math.max(...started.map((e) => e.at))).toBeLessThan(Math.min(...finished.map((e) => e.at)));
    expect(t.recorder.maxRunning).toBe(8);
    expect(wall).toBeLessThan(8 * 400);
    // Values flow from the root into each branch.
    expect(summary.nodes.s5.outputs).toEqual({ out: 6 });
  });

  it('never runs more nodes at once than the concurrency limit', async () => {
    t = testEngine();
    const { summary, events } = await t.run(fanOut(9, 60), { concurrency: 3 });
    expect(summary.status).toBe('succeeded');
    expect(t.recorder.maxRunning).toBe(3);
    let running = 0;
    let peak = 0;
    for (const e of events) {
      if (e.type === 'node-started') peak = Math.max(peak, ++running);
      if (e.type === 'node-finished' && e.status === 'succeeded') running--;
    }
    expect(peak).toBe(3);
  });

  it('starts a node only after everything it depends on has finished, with inputs by port', async () => {
    t = testEngine();
    const doc = pipeline(
      'diamond',
      [node('a', 'noop', { n: 1 }), node('b', 'sleep', { ms: 30, n: 10 }), node('c', 'sleep', { ms: 5, n: 100 }), node('d', 'noop', { n: 1000 })],
      [edge('a.out', 'b.a'), edge('a.out', 'c.a'), edge('b.out', 'd.a'), edge('c.out', 'd.b')],
    );
    const { summary, events } = await t.run(doc);
    const at = (type: 'node-started' | 'node-finished', id: string) =>
      events.findIndex((e) => e.type === type && 'nodeId' in e && e.nodeId === id);
    expect(at('node-started', 'd')).toBeGreaterThan(at('node-finished', 'b'));
    expect(at('node-started', 'd')).toBeGreaterThan(at('node-finished', 'c'));
    expect(summary.nodes.d.outputs).toEqual({ out: 1000 + 11 + 101 });
  });

  it('emits the run and node events in order, with outputs and fingerprints', async () => {
    t = testEngine();
    const doc = pipeline('one', [node('a', 'echo', { text: 'hi' }), node('o', 'pipeline-output', { name: 'greeting' })], [edge('a.text', 'o.value')]);
    const { summary, events } = await t.run(doc, { runId: 'run-1' });
    expect(events.map((e) => `${e.type}${'nodeId' in e ? `:${e.nodeId}` : ''}`)).toEqual([
      'run-started',
      'node-queued:a',
      'node-queued:o',
      'node-started:a',
      'node-finished:a',
      'node-started:o',
      'node-finished:o',
      'run-finished',
    ]);
    const fin = of(events, 'node-finished')[0];
    expect(fin).toMatchObject({ runId: 'run-1', status: 'succeeded', outputs: { text: 'hi' } });
    expect(fin.outputFingerprints?.text).toMatch(/^[0-9a-f]{64}$/);
    expect(fin.cacheKey).toMatch(/^[0-9a-f]{64}$/);
    expect(summary).toMatchObject({ runId: 'run-1', status: 'succeeded', outputs: { greeting: 'hi' } });
    expect(of(events, 'run-finished')[0]).toMatchObject({ status: 'succeeded', outputs: { greeting: 'hi' } });
  });

  it('marks disabled nodes and their dependants skipped, and the run still succeeds', async () => {
    t = testEngine();
    const doc = pipeline(
      'dis',
      [node('a', 'noop', {}, { disabled: true }), node('b', 'noop'), node('c', 'noop')],
      [edge('a.out', 'b.a')],
    );
    const { summary } = await t.run(doc);
    expect(summary.status).toBe('succeeded');
    expect(summary.nodes.a).toMatchObject({ status: 'skipped', error: 'disabled' });
    expect(summary.nodes.b).toMatchObject({ status: 'skipped', error: 'upstream node "a" skipped' });
    expect(summary.nodes.c.status).toBe('succeeded');
    expect(t.recorder.calls).toEqual(['c']);
  });

  it('refuses a concurrency below one', () => {
    t = testEngine();
    expect(() => t.engine.run(pipeline('x', []), { projectId: 'p', concurrency: 0 })).toThrow(/concurrency must be a whole number of at least 1/);
  });
});

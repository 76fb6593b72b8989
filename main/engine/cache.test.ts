import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../nodes/sdk';
import { Store } from '../store';
import { tempDir } from '../store/store.test-support';
import type { PriorResults } from './types';
import { edge, node, pipeline, testEngine, type TestEngine } from './test-kinds.test-support';

let t: TestEngine;
afterEach(() => t?.dispose());

/** a → b → c → d, plus x → y beside them. */
function graph(bParam = 2): Pipeline {
  return pipeline(
    'g',
    [
      node('a', 'noop', { n: 1 }),
      node('b', 'noop', { n: bParam }),
      node('c', 'noop', { n: 3 }),
      node('d', 'noop', { n: 4 }),
      node('x', 'noop', { n: 5 }),
      node('y', 'noop', { n: 6 }),
    ],
    [edge('a.out', 'b.a'), edge('b.out', 'c.a'), edge('c.out', 'd.a'), edge('x.out', 'y.a')],
  );
}

async function rerunCalls(doc: Pipeline, options = {}): Promise<string[]> {
  t.recorder.calls.length = 0;
  await t.run(doc, options);
  return [...t.recorder.calls].sort();
}

describe('result cache', () => {
  it('reuses every result on an unchanged re-run, without invoking any runtime', async () => {
    t = testEngine();
    const first = await t.run(graph());
    expect(t.recorder.calls).toHaveLength(6);
    t.recorder.calls.length = 0;
    const again = await t.run(graph());
    expect(t.recorder.calls).toEqual([]);
    expect(Object.values(again.summary.nodes).every((n) => n.status === 'cached' && n.cached)).toBe(true);
    expect(again.summary.nodes.d.outputs).toEqual(first.summary.nodes.d.outputs);
    const fin = again.events.filter((e) => e.type === 'node-finished');
    expect(fin.every((e) => e.type === 'node-finished' && e.cacheKey && e.outputFingerprints?.out)).toBe(true);
  });

  it('keeps results in the SQLite store across a restart', async () => {
    const home = tempDir();
    const before = Store.open(home);
    t = testEngine({ cache: before.cache });
    const first = await t.run(graph());
    before.close();
    t.dispose();

    const after = Store.open(home);
    try {
      t = testEngine({ cache: after.cache });
      const again = await t.run(graph());
      expect(t.recorder.calls).toEqual([]);
      expect(again.summary.nodes.d).toMatchObject({ status: 'cached', outputs: first.summary.nodes.d.outputs });
      t.recorder.calls.length = 0;
      await t.run(graph(20));
      expect(t.recorder.calls.sort()).toEqual(['b', 'c', 'd']);
    } finally {
      after.close();
    }
  });

  it('re-runs only the changed node and what depends on it', async () => {
    t = testEngine();
    await t.run(graph());
    expect(await rerunCalls(graph(20))).toEqual(['b', 'c', 'd']);
    expect(await rerunCalls(graph(20))).toEqual([]);
  });

  it('does not re-run dependants when a changed node produces the same output', async () => {
    t = testEngine();
    await t.run(graph(2));
    // a.n + b.n stays 3, so c sees the same input fingerprint.
    const doc = graph(2);
    doc.nodes[0].params.n = 0;
    doc.nodes[1].params.n = 3;
    expect(await rerunCalls(doc)).toEqual(['a', 'b']);
  });

  it('ignores retries and timeout when keying results', async () => {
    t = testEngine();
    await t.run(graph());
    const doc = graph();
    doc.nodes[2].settings = { retries: 2, timeoutMs: 5000 };
    expect(await rerunCalls(doc)).toEqual([]);
  });

  it('always runs kinds declared cache: false', async () => {
    t = testEngine();
    const doc = pipeline('s', [node('s', 'sleep', { ms: 1 }), node('n', 'noop')], [edge('s.out', 'n.a')]);
    await t.run(doc);
    expect(await rerunCalls(doc)).toEqual(['s']);
  });

  it('runs a node again when the workspace folder of its cached result is gone', async () => {
    t = testEngine();
    // "p" is the main pipeline of the tests' project "p".
    const doc = pipeline('p', [node('w', 'write', { files: { 'a.txt': 'one' } }), node('r', 'read')], [edge('w.ws', 'r.ws')]);
    const first = await t.run(doc);
    const path = (first.summary.nodes.w.outputs!.ws as { path: string }).path;
    expect(path).toBe(join(t.root, 'p', 'w'));
    expect(await rerunCalls(doc)).toEqual([]);
    rmSync(path, { recursive: true });
    // Same content again, so the reader's input fingerprint is unchanged and it stays cached.
    expect(await rerunCalls(doc)).toEqual(['w']);
  });

  it('keys downstream results on the fingerprint recorded when the workspace was made', async () => {
    t = testEngine();
    const doc = pipeline('ws', [node('w', 'write', { files: { 'a.txt': 'one' } }), node('r', 'read')], [edge('w.ws', 'r.ws')]);
    const first = await t.run(doc);
    // A downstream change to the folder in place does not invalidate what was built from it.
    writeFileSync(join((first.summary.nodes.w.outputs!.ws as { path: string }).path, 'a.txt'), 'edited');
    expect(await rerunCalls(doc)).toEqual([]);
    const changed = pipeline('ws', [node('w', 'write', { files: { 'a.txt': 'two' } }), node('r', 'read')], [edge('w.ws', 'r.ws')]);
    expect(await rerunCalls(changed)).toEqual(['r', 'w']);
  });
});

describe('scopes', () => {
  it('upTo runs a node and its ancestors only', async () => {
    t = testEngine();
    const { summary } = await t.run(graph(), { scope: { kind: 'upTo', nodeId: 'c' } });
    expect(t.recorder.calls.sort()).toEqual(['a', 'b', 'c']);
    expect(Object.keys(summary.nodes).sort()).toEqual(['a', 'b', 'c']);
    expect(await rerunCalls(graph(), { scope: { kind: 'upTo', nodeId: 'c' } })).toEqual([]);
  });

  it('node runs that node even when cached, its ancestors from the cache', async () => {
    t = testEngine();
    await t.run(graph());
    const calls = await rerunCalls(graph(), { scope: { kind: 'node', nodeId: 'c' } });
    expect(calls).toEqual(['c']);
  });

  it('node on a cold cache runs the ancestors it needs', async () => {
    t = testEngine();
    const { summary } = await t.run(graph(), { scope: { kind: 'node', nodeId: 'b' } });
    expect(t.recorder.calls.sort()).toEqual(['a', 'b']);
    expect(summary.nodes.b.outputs).toEqual({ out: 3 });
  });

  it('from runs a node and all its descendants again, ancestors from the cache', async () => {
    t = testEngine();
    await t.run(graph());
    const calls = await rerunCalls(graph(), { scope: { kind: 'from', nodeId: 'b' } });
    expect(calls).toEqual(['b', 'c', 'd']);
  });

  it('from pulls in the other ancestors its descendants need', async () => {
    t = testEngine();
    const doc = pipeline(
      'join',
      [node('a', 'noop'), node('b', 'noop'), node('side', 'noop', { n: 7 }), node('c', 'noop')],
      [edge('a.out', 'b.a'), edge('b.out', 'c.a'), edge('side.out', 'c.b')],
    );
    const { summary } = await t.run(doc, { scope: { kind: 'from', nodeId: 'b' } });
    expect(t.recorder.calls.sort()).toEqual(['a', 'b', 'c', 'side']);
    expect(summary.nodes.c.outputs).toEqual({ out: 7 });
  });
});

describe('resume', () => {
  it('reuses prior results with a matching key, even for kinds that are never cached', async () => {
    t = testEngine();
    const doc = pipeline('r', [node('s', 'sleep', { ms: 1, n: 5 }), node('n', 'noop', { n: 1 })], [edge('s.out', 'n.a')]);
    const { events } = await t.run(doc);
    const prior = new Map();
    for (const e of events) {
      if (e.type === 'node-finished' && e.nodeId === 's') {
        prior.set('s', { cacheKey: e.cacheKey!, outputs: e.outputs!, outputFingerprints: e.outputFingerprints! });
      }
    }
    t.cache.clear();
    t.recorder.calls.length = 0;
    const resumed = await t.run(doc, { prior: prior as PriorResults, runId: 'same-run' });
    expect(t.recorder.calls).toEqual(['n']);
    expect(resumed.summary.nodes.s).toMatchObject({ status: 'cached', cached: true });
    expect(resumed.summary.nodes.n.outputs).toEqual({ out: 6 });
    expect(resumed.events[0]).toMatchObject({ type: 'run-started', runId: 'same-run', resumed: true });
  });

  it('runs a node again when its prior key no longer matches', async () => {
    t = testEngine();
    const doc = pipeline('r', [node('s', 'sleep', { ms: 1, n: 5 })]);
    const prior: PriorResults = new Map([['s', { cacheKey: 'stale', outputs: { out: 99 }, outputFingerprints: { out: 'x' } }]]);
    const { summary } = await t.run(doc, { prior });
    expect(t.recorder.calls).toEqual(['s']);
    expect(summary.nodes.s.outputs).toEqual({ out: 5 });
  });
});

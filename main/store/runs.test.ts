import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../adapters/db/sqlite';
import type { EngineEvent } from '../engine/events';
import { sampleDoc, tempStore } from './store.test-support';

const doc = sampleDoc('site', 'Site', 3);

/** What the engine emits for: n1 succeeds; n2 fails on its second attempt; n3 succeeds; the run fails. */
function failingRun(runId: string, t0: number): EngineEvent[] {
  return [
    { type: 'run-started', runId, projectId: 'site', pipelineId: 'site', scope: { kind: 'all' }, resumed: false, at: t0 },
    { type: 'node-queued', runId, nodeId: 'n1', kind: 'text', at: t0 + 1 },
    { type: 'node-queued', runId, nodeId: 'n2', kind: 'shell', at: t0 + 1 },
    { type: 'node-queued', runId, nodeId: 'n3', kind: 'shell', at: t0 + 1 },
    { type: 'node-started', runId, nodeId: 'n1', kind: 'text', attempt: 1, at: t0 + 2 },
    {
      type: 'node-finished', runId, nodeId: 'n1', kind: 'text', status: 'succeeded',
      outputs: { text: 'spec' }, outputFingerprints: { text: 'fp-spec' }, cacheKey: 'k-n1',
      startedAt: t0 + 2, durationMs: 3, at: t0 + 5,
    },
    { type: 'node-started', runId, nodeId: 'n2', kind: 'shell', attempt: 1, at: t0 + 6 },
    { type: 'node-started', runId, nodeId: 'n3', kind: 'shell', attempt: 1, at: t0 + 6 },
    { type: 'node-log', runId, nodeId: 'n2', stream: 'stdout', chunk: 'building…\n', at: t0 + 7 },
    { type: 'node-log', runId, nodeId: 'n3', stream: 'stdout', chunk: 'testing 1\n', at: t0 + 7 },
    { type: 'node-log', runId, nodeId: 'n2', stream: 'stderr', chunk: 'error: out of memory\n', at: t0 + 8 },
    { type: 'node-started', runId, nodeId: 'n2', kind: 'shell', attempt: 2, at: t0 + 9 },
    { type: 'node-log', runId, nodeId: 'n3', stream: 'stdout', chunk: 'testing 2\n', at: t0 + 9 },
    { type: 'node-log', runId, nodeId: 'n2', stream: 'info', chunk: 'retrying\n', at: t0 + 9 },
    {
      type: 'node-finished', runId, nodeId: 'n3', kind: 'shell', status: 'succeeded',
      outputs: { text: 'ok' }, outputFingerprints: { text: 'fp-ok' }, cacheKey: 'k-n3',
      startedAt: t0 + 6, durationMs: 5, at: t0 + 11,
    },
    {
      type: 'node-finished', runId, nodeId: 'n2', kind: 'shell', status: 'failed',
      error: 'command exited with code 137', startedAt: t0 + 9, durationMs: 4, at: t0 + 13,
    },
    { type: 'run-finished', runId, status: 'failed', outputs: {}, error: 'node "n2" failed', at: t0 + 14 },
  ];
}

describe('store.runs recorder', () => {
  it('turns a realistic event stream into run, node run and log rows', () => {
    const store = tempStore();
    store.pipelines.save(doc);
    store.runs.begin({ runId: 'r1', projectId: 'site', pipelineId: 'site', doc, scope: { kind: 'all' }, inputs: { topic: 'cats' } });
    const record = store.runs.recorder();
    for (const e of failingRun('r1', 1_000)) record(e);

    // run-finished wrote everything at once: a second connection sees it without a flush.
    const raw = openSqlite(store.file, { readonly: true });
    expect(raw.prepare('SELECT status, error FROM runs').get()).toEqual({ status: 'failed', error: 'node "n2" failed' });
    expect(raw.prepare<{ n: number }>('SELECT count(*) AS n FROM logs').get()!.n).toBe(5);
    raw.close();

    const run = store.runs.get('r1')!;
    expect(run).toMatchObject({
      id: 'r1', projectId: 'site', pipelineId: 'site', status: 'failed', scope: { kind: 'all' },
      inputs: { topic: 'cats' }, outputs: {}, error: 'node "n2" failed', finishedAt: 1_014,
      pid: process.pid, host: os.hostname(),
    });
    expect(run.doc).toEqual(doc);

    const nodes = Object.fromEntries(store.runs.nodeRuns('r1').map((n) => [n.nodeId, n]));
    expect(nodes.n1).toMatchObject({
      kind: 'text', status: 'succeeded', attempt: 1, startedAt: 1_002, finishedAt: 1_005, durationMs: 3,
      cacheKey: 'k-n1', outputs: { text: 'spec' }, outputFingerprints: { text: 'fp-spec' },
    });
    expect(nodes.n2).toMatchObject({
      kind: 'shell', status: 'failed', attempt: 2, startedAt: 1_009, error: 'command exited with code 137',
    });
    expect(nodes.n2.outputs).toBeUndefined();
    expect(nodes.n3).toMatchObject({ status: 'succeeded', outputs: { text: 'ok' } });

    expect(store.runs.logs('r1').map((l) => `${l.nodeId}/${l.stream}: ${l.chunk.trim()}`)).toEqual([
      'n2/stdout: building…',
      'n3/stdout: testing 1',
      'n2/stderr: error: out of memory',
      'n3/stdout: testing 2',
      'n2/info: retrying',
    ]);
    expect(store.runs.logs('r1', 'n3')).toEqual([
      { nodeId: 'n3', stream: 'stdout', chunk: 'testing 1\n', at: 1_007 },
      { nodeId: 'n3', stream: 'stdout', chunk: 'testing 2\n', at: 1_009 },
    ]);
  });

  it('records a run begun without begin() from its run-started event', () => {
    const store = tempStore();
    const record = store.runs.recorder();
    record({ type: 'run-started', runId: 'cli-1', projectId: 'p', pipelineId: 'tpl', scope: { kind: 'node', nodeId: 'n1' }, resumed: false, at: 5 });
    record({ type: 'node-queued', runId: 'cli-1', nodeId: 'n1', kind: 'text', at: 6 });
    const run = store.runs.get('cli-1')!;
    expect(run).toMatchObject({ status: 'running', scope: { kind: 'node', nodeId: 'n1' }, inputs: {}, startedAt: 5 });
    expect(run.doc).toBeUndefined();
    expect(store.runs.nodeRuns('cli-1')).toEqual([{ runId: 'cli-1', nodeId: 'n1', kind: 'text', status: 'queued', attempt: 0 }]);
  });

  it('builds the same node rows when a node’s events fall into different batches', () => {
    const store = tempStore();
    const record = store.runs.recorder();
    store.runs.begin({ runId: 'r', projectId: 'p', pipelineId: 'p', doc, scope: { kind: 'all' } });
    record({ type: 'node-queued', runId: 'r', nodeId: 'slow', kind: 'shell', at: 1 });
    record({ type: 'node-started', runId: 'r', nodeId: 'slow', kind: 'shell', attempt: 1, at: 2 });
    store.runs.flush();
    expect(store.runs.nodeRuns('r')[0]).toMatchObject({ status: 'running', attempt: 1, startedAt: 2 });
    record({ type: 'node-started', runId: 'r', nodeId: 'slow', kind: 'shell', attempt: 2, at: 5 });
    store.runs.flush();
    record({ type: 'node-finished', runId: 'r', nodeId: 'slow', kind: 'shell', status: 'succeeded', outputs: { text: 'done' }, outputFingerprints: { text: 'f' }, cacheKey: 'k', durationMs: 4, at: 9 });
    store.runs.flush();
    expect(store.runs.nodeRuns('r')).toEqual([
      {
        runId: 'r', nodeId: 'slow', kind: 'shell', status: 'succeeded', attempt: 2, startedAt: 5, finishedAt: 9,
        durationMs: 4, cacheKey: 'k', outputs: { text: 'done' }, outputFingerprints: { text: 'f' },
      },
    ]);
  });

  it('stores a node whose outputs are not JSON without losing the rest of the batch', () => {
    const store = tempStore();
    const record = store.runs.recorder();
    store.runs.begin({ runId: 'r', projectId: 'p', pipelineId: 'p', doc, scope: { kind: 'all' } });
    record({ type: 'node-finished', runId: 'r', nodeId: 'big', kind: 'text', status: 'succeeded', outputs: { n: 10n }, cacheKey: 'k', durationMs: 1, at: 2 });
    record({ type: 'node-log', runId: 'r', nodeId: 'big', stream: 'stdout', chunk: 'after', at: 3 });
    store.runs.flush();
    expect(store.runs.nodeRuns('r')[0]).toMatchObject({ nodeId: 'big', status: 'succeeded' });
    expect(store.runs.nodeRuns('r')[0].outputs).toBeUndefined();
    expect(store.runs.logs('r').map((l) => l.chunk)).toEqual(['after']);
    // Without outputs the node cannot be reused on resume.
    expect(store.runs.priorResults('r').size).toBe(0);
  });
});

describe('batched writes', () => {
  it('queues events and writes them in one go on flush, all rows in order', () => {
    const store = tempStore();
    store.runs.begin({ runId: 'r', projectId: 'p', pipelineId: 'p', doc, scope: { kind: 'all' } });
    const record = store.runs.recorder();
    const raw = openSqlite(store.file, { readonly: true });
    const count = raw.prepare<{ n: number }>('SELECT count(*) AS n FROM logs');

    for (let i = 0; i < 5_000; i++) {
      record({ type: 'node-log', runId: 'r', nodeId: i % 2 ? 'odd' : 'even', stream: 'stdout', chunk: `line ${i}\n`, at: i });
    }
    expect(count.get()!.n).toBe(0);
    store.runs.flush();
    expect(count.get()!.n).toBe(5_000);
    raw.close();

    const all = store.runs.logs('r');
    expect(all.map((l) => l.at)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    expect(store.runs.logs('r', 'odd').map((l) => l.chunk)).toEqual(
      Array.from({ length: 2_500 }, (_, i) => `line ${2 * i + 1}\n`),
    );
  });

  it('writes queued events by itself shortly after they arrive', async () => {
    const store = tempStore();
    const record = store.runs.recorder();
    record({ type: 'run-started', runId: 'r', projectId: 'p', pipelineId: 'p', scope: { kind: 'all' }, resumed: false, at: 1 });
    record({ type: 'node-log', runId: 'r', nodeId: 'n', stream: 'stdout', chunk: 'x', at: 2 });
    const raw = openSqlite(store.file, { readonly: true });
    const count = raw.prepare<{ n: number }>('SELECT count(*) AS n FROM logs');
    expect(count.get()!.n).toBe(0);
    const deadline = Date.now() + 2_000;
    while (count.get()!.n === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(count.get()!.n).toBe(1);
    raw.close();
  });

  it('close() writes what is still queued', () => {
    const store = tempStore();
    const record = store.runs.recorder();
    record({ type: 'run-started', runId: 'r', projectId: 'p', pipelineId: 'p', scope: { kind: 'all' }, resumed: false, at: 1 });
    record({ type: 'node-log', runId: 'r', nodeId: 'n', stream: 'stdout', chunk: 'last words', at: 2 });
    const file = store.file;
    store.close();
    const raw = openSqlite(file, { readonly: true });
    expect(raw.prepare('SELECT chunk FROM logs').all()).toEqual([{ chunk: 'last words' }]);
    raw.close();
  });
});

describe('listing and resuming runs', () => {
  it('lists runs newest first, by pipeline or project, with a limit', () => {
    const store = tempStore();
    const t = Date.now();
    const record = store.runs.recorder();
    const runs: [string, string, string][] = [
      ['a1', 'pa', 'pipe-a'],
      ['b1', 'pb', 'pipe-b'],
      ['a2', 'pa', 'pipe-a2'],
      ['a3', 'pa', 'pipe-a'],
    ];
    runs.forEach(([runId, projectId, pipelineId], i) =>
      record({ type: 'run-started', runId, projectId, pipelineId, scope: { kind: 'all' }, resumed: false, at: t + i }),
    );
    expect(store.runs.list().map((r) => r.id)).toEqual(['a3', 'a2', 'b1', 'a1']);
    expect(store.runs.list({ pipelineId: 'pipe-a' }).map((r) => r.id)).toEqual(['a3', 'a1']);
    expect(store.runs.list({ projectId: 'pa', limit: 2 }).map((r) => r.id)).toEqual(['a3', 'a2']);
    expect(store.runs.list({ projectId: 'pb', pipelineId: 'pipe-a' })).toEqual([]);
  });

  it('keeps what an interrupted attempt finished and resumes the same run', () => {
    const store = tempStore();
    const record = store.runs.recorder();
    const begin = () =>
      store.runs.begin({ runId: 'r1', projectId: 'site', pipelineId: 'site', doc, scope: { kind: 'all' } });
    begin();
    record({ type: 'run-started', runId: 'r1', projectId: 'site', pipelineId: 'site', scope: { kind: 'all' }, resumed: false, at: 1 });
    record({ type: 'node-finished', runId: 'r1', nodeId: 'n1', kind: 'text', status: 'succeeded', outputs: { text: 'a' }, outputFingerprints: { text: 'fa' }, cacheKey: 'k1', durationMs: 1, at: 2 });
    record({ type: 'node-finished', runId: 'r1', nodeId: 'sub/n1', kind: 'text', status: 'cached', outputs: { text: 'b' }, outputFingerprints: { text: 'fb' }, cacheKey: 'k2', durationMs: 0, at: 2 });
    record({ type: 'node-finished', runId: 'r1', nodeId: 'n4', kind: 'shell', status: 'failed', error: 'exit 1', durationMs: 1, at: 3 });
    record({ type: 'node-started', runId: 'r1', nodeId: 'n2', kind: 'shell', attempt: 1, at: 3 });
    record({ type: 'run-finished', runId: 'r1', status: 'cancelled', outputs: {}, error: 'cancelled by the user', at: 4 });

    expect(store.runs.latestResumable('site')?.id).toBe('r1');
    expect(store.runs.latestResumable('other')).toBeUndefined();
    expect(store.runs.priorResults('r1')).toEqual(
      new Map([
        ['n1', { cacheKey: 'k1', outputs: { text: 'a' }, outputFingerprints: { text: 'fa' } }],
        ['sub/n1', { cacheKey: 'k2', outputs: { text: 'b' }, outputFingerprints: { text: 'fb' } }],
      ]),
    );

    expect(() =>
      store.runs.begin({ runId: 'r1', projectId: 'site', pipelineId: 'site', doc, scope: { kind: 'all' }, resumed: false }),
    ).toThrow(/run id "r1" is already used/);
    expect(() =>
      store.runs.begin({ runId: 'r9', projectId: 'site', pipelineId: 'site', doc, scope: { kind: 'all' }, resumed: true }),
    ).toThrow(/no run "r9" to resume/);

    // Resuming: the same row runs again, and nothing is offered for resuming meanwhile.
    store.runs.begin({ runId: 'r1', projectId: 'site', pipelineId: 'site', doc, scope: { kind: 'all' }, resumed: true });
    expect(store.runs.get('r1')).toMatchObject({ status: 'running' });
    expect(store.runs.get('r1')?.error).toBeUndefined();
    expect(store.runs.get('r1')?.finishedAt).toBeUndefined();
    expect(store.runs.latestResumable('site')).toBeUndefined();
    expect(() => begin()).toThrow(/run "r1" is still running \(process \d+ on .*\): cancel it before resuming it/);

    record({ type: 'run-started', runId: 'r1', projectId: 'site', pipelineId: 'site', scope: { kind: 'all' }, resumed: true, at: 10 });
    record({ type: 'node-queued', runId: 'r1', nodeId: 'n4', kind: 'shell', at: 11 });
    expect(store.runs.nodeRuns('r1').find((n) => n.nodeId === 'n4')).toMatchObject({ status: 'queued', attempt: 0 });
    expect(store.runs.nodeRuns('r1').find((n) => n.nodeId === 'n4')?.error).toBeUndefined();
    record({ type: 'node-finished', runId: 'r1', nodeId: 'n4', kind: 'shell', status: 'succeeded', outputs: {}, outputFingerprints: {}, cacheKey: 'k4', durationMs: 1, at: 12 });
    record({ type: 'run-finished', runId: 'r1', status: 'succeeded', outputs: { url: 'http://localhost:8080' }, at: 13 });
    expect(store.runs.get('r1')).toMatchObject({ status: 'succeeded', outputs: { url: 'http://localhost:8080' } });
    expect(store.runs.latestResumable('site')).toBeUndefined();
    expect(store.runs.priorResults('r1').size).toBe(3);
    expect(store.runs.list({ pipelineId: 'site' })).toHaveLength(1);
  });

  it('offers the newest run for resuming only when it did not finish well', () => {
    const store = tempStore();
    const record = store.runs.recorder();
    const run = (runId: string, status: 'succeeded' | 'failed') => {
      store.runs.begin({ runId, projectId: 'site', pipelineId: 'site', doc, scope: { kind: 'all' } });
      record({ type: 'run-finished', runId, status, outputs: {}, at: Date.now() });
    };
    run('ok-1', 'succeeded');
    expect(store.runs.latestResumable('site')).toBeUndefined();
    run('bad-1', 'failed');
    expect(store.runs.latestResumable('site')?.id).toBe('bad-1');
    run('ok-2', 'succeeded');
    expect(store.runs.latestResumable('site')).toBeUndefined();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../../nodes/sdk';
import { createApi } from '../../api';
import type { EngineEvent } from '../../engine/events';
import { openHost } from '../../host';
import type { NodeRunRecord, RunRecord } from '../../store';
import { storedEvents } from './run-replay';

const label = (e: EngineEvent) => `${e.type}${'nodeId' in e ? ` ${e.nodeId}` : ''}`;

describe('replaying a run from the store', () => {
  it('gives, at every moment of a real run, the events so far in the order they came (queued ones of started nodes aside)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'pw-replay-'));
    const host = openHost({ home });
    const api = createApi({ host, emit: () => {} });
    const node = (id: string, kind: string, params: Record<string, unknown>) => ({ id, kind, version: 1, params, position: { x: 0, y: 0 } });
    const doc: Pipeline = {
      format: FORMAT,
      id: 'chain',
      name: 'Chain',
      nodes: [
        node('who', 'pipeline-input', { name: 'who', type: 'text' }),
        node('echo', 'shell', { command: 'cat; echo; echo done' }),
        node('count', 'shell', { command: 'wc -l' }),
        node('out', 'pipeline-output', { name: 'lines' }),
      ],
      edges: [
        { id: 'e1', from: { node: 'who', port: 'value' }, to: { node: 'echo', port: 'input' } },
        { id: 'e2', from: { node: 'echo', port: 'stdout' }, to: { node: 'count', port: 'input' } },
        { id: 'e3', from: { node: 'count', port: 'stdout' }, to: { node: 'out', port: 'value' } },
      ],
    };
    host.store.pipelines.save(doc, 'chain');
    const live: EngineEvent[] = [];
    const mismatches: string[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    api.runs.subscribe((event) => {
      live.push(event);
      const run = host.store.runs.get(event.runId)!;
      const replay = storedEvents(run, host.store.runs.nodeRuns(event.runId), host.store.runs.logs(event.runId)).map(label);
      const started = new Set(live.filter((e) => e.type === 'node-started').map((e) => (e as { nodeId: string }).nodeId));
      const expected = live.filter((e) => !(e.type === 'node-queued' && started.has(e.nodeId))).map(label);
      // Queued nodes replay in any order among themselves, at the run's start.
      const sortQueued = (list: string[]) => [...list.filter((l) => !l.startsWith('node-queued')), ...list.filter((l) => l.startsWith('node-queued')).sort()];
      if (JSON.stringify(sortQueued(replay)) !== JSON.stringify(sortQueued(expected))) {
        mismatches.push(`after ${label(event)}:\n  replay ${replay.join(', ')}\n  live   ${expected.join(', ')}`);
      }
      if (event.type === 'run-finished') finished();
    });
    api.runs.start({ doc, projectId: 'chain', inputs: { who: 'ada' } });
    await done;
    await api.close();
    host.close();
    rmSync(home, { recursive: true, force: true });
    expect(live.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(mismatches).toEqual([]);
  });

  it('puts a node that finished before the one that started in the same millisecond, whatever order the rows and the document list them in', () => {
    const run: RunRecord = {
      id: 'r',
      projectId: 'p',
      pipelineId: 'p',
      status: 'succeeded',
      scope: { kind: 'all' },
      inputs: {},
      outputs: { x: 1 },
      startedAt: 100,
      finishedAt: 120,
      doc: {
        format: FORMAT,
        id: 'p',
        name: 'p',
        nodes: ['b', 'a'].map((id) => ({ id, kind: 'shell', version: 1, params: { command: 'cat' }, position: { x: 0, y: 0 } })),
        edges: [{ id: 'e', from: { node: 'a', port: 'stdout' }, to: { node: 'b', port: 'input' } }],
      },
    };
    const row = (nodeId: string, startedAt: number, finishedAt: number): NodeRunRecord => ({
      runId: 'r',
      nodeId,
      kind: 'shell',
      status: 'succeeded',
      attempt: 1,
      startedAt,
      finishedAt,
      durationMs: finishedAt - startedAt,
    });
    // b depends on a: a finished at 110, b started at 110; b's row is listed first, and a started and finished in one millisecond too.
    const events = storedEvents(run, [row('b', 110, 120), row('a', 110, 110)], [{ nodeId: 'a', stream: 'stdout', chunk: 'hi', at: 110 }]);
    expect(events.map(label)).toEqual([
      'run-started',
      'node-started a',
      'node-log a',
      'node-finished a',
      'node-started b',
      'node-finished b',
      'run-finished',
    ]);
    expect(events.at(-1)).toMatchObject({ status: 'succeeded', outputs: { x: 1 }, at: 120 });
  });

  it('ends an interrupted run as cancelled with the stored reason', () => {
    const run: RunRecord = {
      id: 'r',
      projectId: 'p',
      pipelineId: 'p',
      status: 'interrupted',
      scope: { kind: 'all' },
      inputs: {},
      error: 'run was interrupted: resume it',
      startedAt: 100,
    };
    expect(storedEvents(run, [], []).at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled', error: 'run was interrupted: resume it' });
  });
});

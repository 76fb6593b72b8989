import { beforeEach, describe, expect, it } from 'vitest';
import { logBook } from './log-book';
import { useRuns } from './runs';

const runs = () => useRuns.getState();
const scope = { kind: 'all' as const };

beforeEach(() => runs().reset());

describe('the runs store', () => {
  it('follows a run from its events: queued, running, finished, with times', () => {
    runs().apply({ type: 'run-started', runId: 'r1', projectId: 'p', pipelineId: 'p', scope, resumed: false, at: 1000 });
    runs().apply({ type: 'node-queued', runId: 'r1', nodeId: 'a', kind: 'shell', at: 1001 });
    expect(runs().nodes.a).toEqual({ status: 'queued' });
    runs().apply({ type: 'node-started', runId: 'r1', nodeId: 'a', kind: 'shell', attempt: 1, at: 1002 });
    expect(runs().nodes.a).toMatchObject({ status: 'running', startedAt: 1002 });
    runs().apply({ type: 'node-finished', runId: 'r1', nodeId: 'a', kind: 'shell', status: 'cached', outputs: { stdout: 'x' }, durationMs: 0, at: 1003 });
    expect(runs().nodes.a).toMatchObject({ status: 'cached', cached: true, outputs: { stdout: 'x' } });
    runs().apply({ type: 'run-finished', runId: 'r1', status: 'succeeded', outputs: {}, at: 1010 });
    expect(runs().current).toMatchObject({ id: 'r1', status: 'succeeded', startedAt: 1000, finishedAt: 1010 });
  });

  it('sends log chunks to the log book without touching the store', () => {
    runs().apply({ type: 'run-started', runId: 'r2', projectId: 'p', pipelineId: 'p', scope, resumed: false, at: 1 });
    const before = useRuns.getState();
    const seen: string[] = [];
    const off = logBook.subscribe('r2', 'a', (c) => seen.push(c.chunk));
    for (let i = 0; i < 100; i++) runs().apply({ type: 'node-log', runId: 'r2', nodeId: 'a', stream: 'stdout', chunk: `${i}\n`, at: 2 });
    off();
    expect(useRuns.getState()).toBe(before);
    expect(seen).toHaveLength(100);
    expect(logBook.chunks('r2', 'a')).toHaveLength(100);
  });

  it('ignores events of other runs and of nodes inside sub-pipelines', () => {
    runs().apply({ type: 'run-started', runId: 'r3', projectId: 'p', pipelineId: 'p', scope, resumed: false, at: 1 });
    runs().apply({ type: 'node-queued', runId: 'old', nodeId: 'a', kind: 'shell', at: 2 });
    runs().apply({ type: 'node-queued', runId: 'r3', nodeId: 'sub/inner', kind: 'shell', at: 2 });
    expect(runs().nodes).toEqual({});
  });

  it("keeps each task a node reports in its latest state, through the node's end", () => {
    runs().apply({ type: 'run-started', runId: 'r4', projectId: 'p', pipelineId: 'p', scope, resumed: false, at: 1 });
    runs().apply({ type: 'node-started', runId: 'r4', nodeId: 'team', kind: 'software-team', attempt: 1, at: 2 });
    const task = (id: string, status: 'queued' | 'running' | 'done', owner: string) =>
      runs().apply({ type: 'node-task', runId: 'r4', nodeId: 'team', task: { id, title: `Do ${id}`, owner, status }, at: 3 });
    task('api', 'queued', 'backend');
    task('page', 'queued', 'frontend');
    task('api', 'running', 'backend');
    task('api', 'done', 'backend');
    expect(runs().nodes.team.tasks?.map((t) => [t.id, t.owner, t.status])).toEqual([
      ['api', 'backend', 'done'],
      ['page', 'frontend', 'queued'],
    ]);
    runs().apply({ type: 'node-finished', runId: 'r4', nodeId: 'team', kind: 'software-team', status: 'failed', error: 'x', durationMs: 5, at: 9 });
    expect(runs().nodes.team).toMatchObject({ status: 'failed', tasks: [{ id: 'api', status: 'done' }, { id: 'page', status: 'queued' }] });
  });
});

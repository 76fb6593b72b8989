import { beforeEach, describe, expect, it } from 'vitest';
import { useRuns } from './runs';

const runs = () => useRuns.getState();
const scope = { kind: 'all' as const };

beforeEach(() => runs().reset());

describe('progress in the runs store', () => {
  it('keeps the latest report of a running node and drops it when the node ends', () => {
    runs().apply({ type: 'run-started', runId: 'r1', projectId: 'p', pipelineId: 'p', scope, resumed: false, at: 1 });
    runs().apply({ type: 'node-started', runId: 'r1', nodeId: 'build', kind: 'build-deploy', attempt: 1, at: 2 });
    runs().apply({ type: 'node-progress', runId: 'r1', nodeId: 'build', progress: { done: 0, total: 7, label: 'Step 1/7: FROM node' }, at: 3 });
    runs().apply({ type: 'node-progress', runId: 'r1', nodeId: 'build', progress: { done: 2, total: 7, label: 'Step 3/7: RUN npm ci' }, at: 4 });
    expect(runs().nodes.build).toMatchObject({ status: 'running', progress: { done: 2, total: 7, label: 'Step 3/7: RUN npm ci' } });
    // A late report of another run, or of a node not running, changes nothing.
    runs().apply({ type: 'node-progress', runId: 'old', nodeId: 'build', progress: { done: 6, total: 7 }, at: 5 });
    runs().apply({ type: 'node-progress', runId: 'r1', nodeId: 'idle', progress: { done: 1 }, at: 5 });
    expect(runs().nodes.build.progress).toEqual({ done: 2, total: 7, label: 'Step 3/7: RUN npm ci' });
    expect(runs().nodes.idle).toBeUndefined();
    runs().apply({ type: 'node-finished', runId: 'r1', nodeId: 'build', kind: 'build-deploy', status: 'succeeded', outputs: {}, durationMs: 5, at: 6 });
    expect(runs().nodes.build.progress).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { useApiHost } from './api-host.test-support';

const s = useApiHost('pw-usage-');

describe('usage.get', () => {
  it('gives the project total, the run total and each node of the run, with the budget', async () => {
    const p = await s.call('projects.create', { name: 'Spend' });
    const call = { projectId: p.id, endpoint: 'https://api.example.test/v1', model: 'coder' };
    s.host.store.usage.record({ ...call, runId: 'r1', nodeId: 'gen', promptTokens: 1000, completionTokens: 200, cost: 0.02 });
    s.host.store.usage.record({ ...call, runId: 'r1', nodeId: 'gen', promptTokens: 500, completionTokens: 100, cost: 0.01 });
    s.host.store.usage.record({ ...call, runId: 'r1', nodeId: 'team', promptTokens: 10, completionTokens: 5 });
    s.host.store.usage.record({ ...call, runId: 'r0', nodeId: 'gen', promptTokens: 1, completionTokens: 1, cost: 1 });
    await s.call('budget.set', { projectId: p.id, usd: 5 });

    const report = await s.call('usage.get', { projectId: p.id, runId: 'r1' });
    expect(report.project).toMatchObject({ calls: 4, promptTokens: 1511, completionTokens: 306 });
    expect(report.project.cost).toBeCloseTo(1.03);
    expect(report.run).toMatchObject({ calls: 3, promptTokens: 1510, completionTokens: 305 });
    expect(report.nodes.gen).toMatchObject({ calls: 2, promptTokens: 1500, completionTokens: 300 });
    expect(report.nodes.gen.cost).toBeCloseTo(0.03);
    expect(report.nodes.team).toEqual({ calls: 1, promptTokens: 10, completionTokens: 5, cost: 0 });
    expect(report.budget).toBe(5);
    expect(Object.keys(report.runs).sort()).toEqual(['r0', 'r1']);
    expect(report.runs.r0).toEqual({ calls: 1, promptTokens: 1, completionTokens: 1, cost: 1 });

    expect(await s.call('usage.get', { projectId: p.id })).toMatchObject({ nodes: {}, budget: 5 });
    expect((await s.call('usage.get', { projectId: p.id })).run).toBeUndefined();
  });
});

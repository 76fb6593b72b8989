import { describe, expect, it } from 'vitest';
import { tempStore } from './store.test-support';

describe('store.usage', () => {
  it('adds up tokens and cost by project, run and time', () => {
    const store = tempStore();
    const call = { endpoint: 'https://api.example.test/v1', model: 'coder' };
    store.usage.record({ ...call, projectId: 'a', runId: 'r1', nodeId: 'llm', promptTokens: 100, completionTokens: 50, cost: 0.25, at: 1_000 });
    store.usage.record({ ...call, projectId: 'a', runId: 'r2', nodeId: 'llm', promptTokens: 10, completionTokens: 5, cost: 0.5, at: 2_000 });
    store.usage.record({ ...call, projectId: 'b', promptTokens: 7, completionTokens: 3, at: 3_000 });

    expect(store.usage.totals()).toEqual({ calls: 3, promptTokens: 117, completionTokens: 58, cost: 0.75 });
    expect(store.usage.totals({ projectId: 'a' })).toEqual({ calls: 2, promptTokens: 110, completionTokens: 55, cost: 0.75 });
    expect(store.usage.totals({ runId: 'r2' })).toEqual({ calls: 1, promptTokens: 10, completionTokens: 5, cost: 0.5 });
    expect(store.usage.totals({ projectId: 'a', since: 1_500 })).toMatchObject({ calls: 1 });
    expect(store.usage.totals({ projectId: 'none' })).toEqual({ calls: 0, promptTokens: 0, completionTokens: 0, cost: 0 });
  });

  it('keeps the spending of a deleted project', () => {
    const store = tempStore();
    store.projects.create({ id: 'gone', name: 'Gone' });
    store.usage.record({ projectId: 'gone', endpoint: 'e', model: 'm', promptTokens: 1, completionTokens: 1, cost: 2 });
    store.projects.delete('gone');
    expect(store.usage.totals({ projectId: 'gone' }).cost).toBe(2);
  });
});

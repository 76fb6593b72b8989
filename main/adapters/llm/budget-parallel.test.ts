import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../nodes/sdk';
import { LLM_PRICES, llmBudgetKey } from '../../settings-keys';
import { tempStore } from '../../store/store.test-support';
import { LlmService } from './llm-service';
import { reply, startStandInModel, type StandInModel } from './stand-in-model.test-support';

// The stand-in server plays a hosted model; the price table makes its answers cost.
const PRICE = { input: 10, output: 40 };
const messages: ChatMessage[] = [{ role: 'user', content: 'Write a very long essay.' }];
/** One streamed piece of the stand-in's answer (six characters), in dollars at the answer's price. */
const ONE_CHUNK = (6 / 4) * (PRICE.output / 1e6);

const servers: StandInModel[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(limit: number) {
  const model = await startStandInModel({ models: ['pricey'] });
  servers.push(model);
  const store = tempStore();
  store.settings.set(LLM_PRICES, { pricey: PRICE });
  store.settings.set(llmBudgetKey('proj'), limit);
  const service = new LlmService({ store, retry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 20 } });
  const node = (nodeId: string, projectId = 'proj', log: (chunk: string) => void = () => undefined) =>
    service.forScope({ runId: 'run', projectId, nodeId, signal: new AbortController().signal, log: (chunk, stream) => stream === 'stdout' && log(chunk) });
  return { model, store, node, endpoint: { baseUrl: model.url, model: 'pricey' } };
}

const essay = () => ({ kind: 'reply' as const, content: 'word '.repeat(20_000), delayMs: 1 });

describe('one budget for the calls a project makes at once', () => {
  it('three answers streaming at once stop together at the limit, not at three times it', async () => {
    const limit = 0.01;
    const { model, store, node, endpoint } = await setup(limit);
    model.script(essay(), essay(), essay());
    const outcomes = await Promise.allSettled(['a', 'b', 'c'].map((id) => node(id).chat({ endpoint, messages })));

    expect(model.chats).toHaveLength(3);
    const spent = store.usage.totals({ projectId: 'proj' }).cost;
    expect(spent).toBeGreaterThanOrEqual(limit - 1e-9);
    // Each stream may pass the limit by the chunk it was reading when the sum reached it.
    expect(spent).toBeLessThanOrEqual(limit + 3 * ONE_CHUNK);
    for (const o of outcomes) {
      expect(o.status).toBe('rejected');
      const message = ((o as PromiseRejectedResult).reason as Error).message;
      expect(message).toContain('the answer was stopped: project "proj" reached its LLM budget, having spent $0.01');
    }
  });

  it('a call started while another streams is refused once that one has spent the budget; another project is not held back', async () => {
    const limit = 0.01;
    const { model, store, node, endpoint } = await setup(limit);
    store.settings.set(llmBudgetKey('other'), limit);
    model.script({ kind: 'reply', content: 'word '.repeat(20_000), delayMs: 20 });
    let streamed = '';
    const first = node('a', 'proj', (chunk) => (streamed += chunk)).chat({ endpoint, messages });
    // The budget buys about 984 characters of this answer: start the next call at 900, while
    // the first still streams and nothing of it is recorded yet.
    while (streamed.length < 900) await new Promise((r) => setTimeout(r, 5));
    model.script(reply('their answer'));
    const second = await node('b').chat({ endpoint, messages }).catch((e: Error) => e);
    const theirs = await node('c', 'other').chat({ endpoint, messages });
    await first.catch(() => undefined);

    expect(second).toBeInstanceOf(Error);
    expect((second as Error).message).toMatch(/refused before sending: project "proj" has spent \$0\.0(09|10)\d* of its \$0\.01 LLM budget/);
    expect(model.chats).toHaveLength(2);
    expect(theirs.content).toBe('their answer');
    expect(store.usage.totals({ projectId: 'proj' }).cost).toBeLessThanOrEqual(limit + ONE_CHUNK);
  });
});

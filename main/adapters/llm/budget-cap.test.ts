import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage, LogStream } from '../../../nodes/sdk';
import { LLM_PRICES, llmBudgetKey } from '../../settings-keys';
import { tempStore } from '../../store/store.test-support';
import { formatDollars } from './budget';
import { LlmService } from './llm-service';
import { dropStream, reply, startStandInModel, type StandInModel } from './stand-in-model.test-support';

/** $10 a million prompt tokens, $40 a million answer tokens. */
const PRICE = { input: 10, output: 40 };
const LIMIT = 0.01;

const servers: StandInModel[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function pricedSetup() {
  // A stand-in for a hosted model: the stand-in server answers, the price table makes it cost.
  const model = await startStandInModel({ models: ['pricey-coder'] });
  servers.push(model);
  const store = tempStore();
  store.settings.set(LLM_PRICES, { 'pricey-coder': PRICE });
  store.settings.set(llmBudgetKey('proj'), LIMIT);
  const logs: { chunk: string; stream: LogStream }[] = [];
  const service = new LlmService({ store, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } });
  const llm = service.forScope({
    runId: 'run-1',
    projectId: 'proj',
    nodeId: 'gen',
    signal: new AbortController().signal,
    log: (chunk, stream = 'stdout') => logs.push({ chunk, stream }),
  });
  const streamed = () => logs.filter((l) => l.stream === 'stdout').map((l) => l.chunk).join('');
  return { model, store, llm, streamed, endpoint: { baseUrl: model.url, model: 'pricey-coder' } };
}

const messages: ChatMessage[] = [
  { role: 'system', content: 'You write code.' },
  { role: 'user', content: 'Write a very long essay.' },
];
/** What the prompt is counted as before sending (about four characters a token). */
const promptTokens = Math.ceil((JSON.stringify(messages) + '[]').length / 4);
const affordable = Math.floor(((LIMIT - (promptTokens * PRICE.input) / 1e6) * 1e6) / PRICE.output);

async function failure(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to fail, and it succeeded');
  return outcome;
}

describe('an LLM budget is a cap', () => {
  it('asks for no more tokens than the budget buys, stops a stream that goes on past it, and counts what was spent', async () => {
    const { model, store, llm, streamed, endpoint } = await pricedSetup();
    // 100,000 characters (about $1 of answer) that would take some 17 s to stream in full.
    const essay = 'word '.repeat(20_000);
    model.script({ kind: 'reply', content: essay, delayMs: 1 });

    const started = Date.now();
    const error = await failure(llm.chat({ endpoint, messages }));
    const elapsed = Date.now() - started;

    expect(model.chats[0].body.max_tokens).toBe(affordable);
    expect(affordable).toBeGreaterThan(200);
    expect(affordable).toBeLessThan(250);
    // The stream was cut: a sliver of the answer arrived, and the call did not wait for the rest.
    expect(streamed().length).toBeGreaterThan(500);
    expect(streamed().length).toBeLessThan(1_200);
    expect(essay.startsWith(streamed())).toBe(true);
    expect(elapsed).toBeLessThan(8_000);

    const spent = store.usage.totals({ projectId: 'proj' });
    const oneChunk = (6 / 4) * (PRICE.output / 1e6);
    expect(spent.calls).toBe(1);
    expect(spent.cost).toBeGreaterThanOrEqual(LIMIT - 1e-9);
    expect(spent.cost).toBeLessThanOrEqual(LIMIT + oneChunk);
    expect(error.message).toBe(
      `endpoint (${model.url}, model pricey-coder): the answer was stopped: project "proj" reached its LLM budget, having spent ${formatDollars(spent.cost)} of its $0.01 limit; raise it with pipewright budget proj <dollars>, or remove it with pipewright budget proj off`,
    );
    expect(formatDollars(spent.cost)).toMatch(/^\$0\.010\d+$/);

    // Nothing is left to spend: the next call is refused unsent.
    const refused = await failure(llm.chat({ endpoint, messages }));
    expect(refused.message).toContain('refused before sending: project "proj" has spent $0.01');
    expect(model.chats).toHaveLength(1);
  });

  it('reports the budget reached when a server that honours max_tokens ends the answer there', async () => {
    const { model, store, llm, endpoint } = await pricedSetup();
    model.script({ kind: 'reply', content: 'a truncated answer', finishReason: 'length', usage: { promptTokens, completionTokens: affordable } });
    const error = await failure(llm.chat({ endpoint, messages }));
    expect(model.chats[0].body.max_tokens).toBe(affordable);
    expect(error.message).toContain('the answer was cut at the length the budget allows: project "proj" reached its LLM budget');
    expect(store.usage.totals({ projectId: 'proj' })).toMatchObject({ calls: 1, promptTokens, completionTokens: affordable });
    expect(store.usage.totals({ projectId: 'proj' }).cost).toBeLessThanOrEqual(LIMIT);
  });

  it('keeps a node’s own smaller max_tokens, and an answer that ends there is the node’s business', async () => {
    const { model, llm, endpoint } = await pricedSetup();
    model.script({ kind: 'reply', content: 'short', finishReason: 'length' });
    const answer = await llm.chat({ endpoint, messages, maxTokens: 50 });
    expect(answer.finishReason).toBe('length');
    expect(model.chats[0].body.max_tokens).toBe(50);
  });
});

describe('what a call spent', () => {
  it('counts what a try streamed before it broke off, as well as the answer of the try after it', async () => {
    const { model, store, llm, endpoint } = await pricedSetup();
    store.settings.set(llmBudgetKey('proj'), 5);
    model.script(dropStream('x'.repeat(400)), reply('done', { promptTokens: 30, completionTokens: 2 }));
    expect((await llm.chat({ endpoint, messages })).content).toBe('done');
    // 400 characters are about 100 tokens, and the first try's prompt was billed too.
    expect(store.usage.totals({ projectId: 'proj' })).toMatchObject({ calls: 1, promptTokens: promptTokens + 30, completionTokens: 100 + 2 });
  });
});

describe('dollar amounts in messages', () => {
  it('show small amounts with significant digits, not as $0.00', () => {
    expect(formatDollars(0.001)).toBe('$0.001');
    expect(formatDollars(0.0102)).toBe('$0.0102');
    expect(formatDollars(0.00021)).toBe('$0.00021');
    expect(formatDollars(0.4999)).toBe('$0.4999');
    expect(formatDollars(0.5)).toBe('$0.50');
    expect(formatDollars(0)).toBe('$0.00');
    expect(formatDollars(2.5)).toBe('$2.50');
    expect(formatDollars(1234.567)).toBe('$1234.57');
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeError, type ChatMessage, type LogStream } from '../../../nodes/sdk';
import { LLM_ENDPOINTS, LLM_ROUTER, llmBudgetKey } from '../../settings-keys';
import type { Store } from '../../store';
import { tempStore } from '../../store/store.test-support';
import { LlmService } from './llm-service';
import {
  callTool,
  dropStream,
  httpError,
  reply,
  startStandInModel,
  type StandInModel,
} from './stand-in-model.test-support';

const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };
const servers: StandInModel[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function standIn(options?: Parameters<typeof startStandInModel>[0]): Promise<StandInModel> {
  const s = await startStandInModel(options);
  servers.push(s);
  return s;
}

function setup(store: Store = tempStore(), nodeId = 'gen') {
  const service = new LlmService({ store, retry: FAST_RETRY });
  const logs: { chunk: string; stream: LogStream }[] = [];
  const controller = new AbortController();
  const llm = service.forScope({
    runId: 'run-1',
    projectId: 'proj',
    nodeId,
    signal: controller.signal,
    log: (chunk, stream = 'stdout') => logs.push({ chunk, stream }),
  });
  const logText = () => logs.map((l) => l.chunk).join('');
  return { store, service, llm, logs, logText, controller };
}

const ask = (content: string): ChatMessage[] => [
  { role: 'system', content: 'You write code.' },
  { role: 'user', content },
];

/** The error a call fails with; the test fails when it succeeds. */
async function failure(call: Promise<unknown>): Promise<NodeError> {
  const outcome = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to fail, and it succeeded');
  return outcome as NodeError;
}

/** A port nothing listens on: connecting is refused at once. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}/v1`;
}

describe('LLM service against a stand-in model server', () => {
  it('streams the answer into the log and counts tokens and cost per node, run and project', async () => {
    const model = await standIn({ models: ['gpt-4o'] });
    model.script(reply('Hello from the stand-in model, streamed in pieces.', { promptTokens: 1000, completionTokens: 500 }));
    const { llm, logs, store } = setup();
    const answer = await llm.chat({ endpoint: { baseUrl: model.url, model: 'gpt-4o' }, messages: ask('hi') });

    expect(answer.content).toBe('Hello from the stand-in model, streamed in pieces.');
    expect(answer.cached).toBe(false);
    // gpt-4o: $2.50 in and $10 out per million tokens.
    expect(answer.usage).toEqual({ promptTokens: 1000, completionTokens: 500, cost: 0.0075 });
    const streamed = logs.filter((l) => l.stream === 'stdout').map((l) => l.chunk);
    expect(streamed.length).toBeGreaterThan(5);
    expect(streamed.join('')).toBe(answer.content);
    expect(model.chats[0].body).toMatchObject({ model: 'gpt-4o', stream: true, stream_options: { include_usage: true } });

    for (const filter of [{ projectId: 'proj' }, { runId: 'run-1' }, { runId: 'run-1', nodeId: 'gen' }]) {
      expect(store.usage.totals(filter)).toEqual({ calls: 1, promptTokens: 1000, completionTokens: 500, cost: 0.0075 });
    }
    expect(store.usage.totals({ nodeId: 'other' }).calls).toBe(0);
  });

  it('costs nothing for a model served locally that the price table does not know', async () => {
    const model = await standIn({ models: ['qwen2.5-coder:7b'] });
    model.script(reply('ok', { promptTokens: 10, completionTokens: 2 }));
    const { llm, store } = setup();
    const answer = await llm.chat({ endpoint: { baseUrl: model.url, model: 'qwen2.5-coder:7b' }, messages: ask('hi') });
    expect(answer.usage.cost).toBe(0);
    expect(store.usage.totals({ projectId: 'proj' })).toMatchObject({ calls: 1, cost: 0 });
  });

  it('assembles tool calls streamed in pieces', async () => {
    const model = await standIn();
    const content = 'x'.repeat(300);
    model.script(callTool('write_file', { path: 'src/index.js', content }));
    const { llm } = setup();
    const answer = await llm.chat({
      endpoint: { baseUrl: model.url, model: 'stand-in-coder' },
      messages: ask('write it'),
      tools: [{ name: 'write_file', description: 'Writes a file', parameters: { type: 'object', properties: {} } }],
    });
    expect(answer.finishReason).toBe('tool_calls');
    expect(answer.toolCalls).toHaveLength(1);
    expect(answer.toolCalls[0].name).toBe('write_file');
    expect(JSON.parse(answer.toolCalls[0].arguments)).toEqual({ path: 'src/index.js', content });
    expect(model.chats[0].body.tools[0]).toMatchObject({ type: 'function', function: { name: 'write_file' } });
  });

  it('retries after a 429, waiting as the server asks, then succeeds', async () => {
    const model = await standIn();
    model.script(httpError(429, 'Rate limit reached for requests', 0), reply('second time lucky'));
    const { llm, logText } = setup();
    const answer = await llm.chat({ endpoint: { baseUrl: model.url, model: 'stand-in-coder' }, messages: ask('hi') });
    expect(answer.content).toBe('second time lucky');
    expect(model.chats).toHaveLength(2);
    expect(logText()).toContain('429 rate limited: Rate limit reached for requests; try 2 of 4');
  });

  it('retries a stream dropped half-way and keeps only the complete answer', async () => {
    const model = await standIn();
    model.script(dropStream('The first half of an ans'), reply('The whole answer.'));
    const { llm, logText } = setup();
    const answer = await llm.chat({ endpoint: { baseUrl: model.url, model: 'stand-in-coder' }, messages: ask('hi') });
    expect(answer.content).toBe('The whole answer.');
    expect(model.chats).toHaveLength(2);
    expect(logText()).toBe(
      `The first half of an ans\n[endpoint (${model.url}, model stand-in-coder): the answer stream was dropped after 5 chunks (24 bytes of answer) (terminated); try 2 of 4 in 0.0 s]\nThe whole answer.`,
    );
  });

  it('gives up after the last try, naming the endpoint, the reason and what to do', async () => {
    const model = await standIn();
    model.script(...Array.from({ length: 4 }, () => httpError(503, 'overloaded')));
    const { llm } = setup();
    const error = await failure(llm
      .chat({ endpoint: { baseUrl: model.url, model: 'stand-in-coder' }, messages: ask('hi') }));
    expect(error).toBeInstanceOf(NodeError);
    expect((error as Error).message).toBe(
      `endpoint (${model.url}, model stand-in-coder): 503: overloaded (gave up after 4 tries); check that the server is running and reachable (pipewright endpoint test)`,
    );
    expect(model.chats).toHaveLength(4);
  });

  it('does not retry a request the server refuses as wrong', async () => {
    const model = await standIn();
    model.script(httpError(404, 'The model `nope` does not exist'));
    const { llm } = setup();
    const error = await failure(llm.chat({ endpoint: { baseUrl: model.url, model: 'nope' }, messages: ask('hi') }));
    expect(error.message).toContain('404: The model `nope` does not exist; check the base URL');
    expect(model.chats).toHaveLength(1);
  });

  it('stops at once when cancelled, without retrying', async () => {
    const model = await standIn();
    model.script({ kind: 'reply', content: 'slow '.repeat(200), delayMs: 20 });
    const { llm, controller, logText } = setup();
    const pending = llm.chat({ endpoint: { baseUrl: model.url, model: 'stand-in-coder' }, messages: ask('hi') }).catch((e: Error) => e);
    while (!logText().includes('slow')) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    controller.abort();
    const error = await pending;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(Error);
    expect(model.chats).toHaveLength(1);
  });

  it('refuses a call when what is left of the project budget cannot buy a minimal answer, before sending anything', async () => {
    const model = await standIn({ models: ['gpt-4o'] });
    const { llm, store } = setup();
    store.settings.set(llmBudgetKey('proj'), 0.5);
    store.usage.record({ projectId: 'proj', endpoint: model.url, model: 'gpt-4o', promptTokens: 0, completionTokens: 0, cost: 0.4999 });
    const error = await failure(llm
      .chat({ endpoint: { baseUrl: model.url, model: 'gpt-4o' }, messages: ask('hi'), maxTokens: 1000 }));
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toMatch(
      /refused before sending: project "proj" has spent \$0\.4999 of its \$0\.50 LLM budget, and the \$0\.0001 left cannot pay for the prompt \(about \d+ tokens\) and an answer of 32 tokens at this model's price; raise it with pipewright budget proj <dollars>/,
    );
    expect(model.requests).toHaveLength(0);

    // A tenth of a cent left buys about a hundred answer tokens ($10 a million): the node's 1,000 are lowered to that.
    store.settings.set(llmBudgetKey('proj'), 0.5009);
    model.script(reply('short'));
    expect((await llm.chat({ endpoint: { baseUrl: model.url, model: 'gpt-4o' }, messages: ask('hi'), maxTokens: 1000 })).content).toBe('short');
    expect(model.chats[0].body.max_tokens).toBeGreaterThan(90);
    expect(model.chats[0].body.max_tokens).toBeLessThan(100);

    // Within the budget the node's own max_tokens is kept.
    store.settings.set(llmBudgetKey('proj'), 1);
    model.script(reply('fine'));
    expect((await llm.chat({ endpoint: { baseUrl: model.url, model: 'gpt-4o' }, messages: ask('hi'), maxTokens: 1000 })).content).toBe('fine');
    expect(model.chats[1].body.max_tokens).toBe(1000);
  });

  it('refuses a model of unknown price while a budget is set, and lets local models through', async () => {
    const { llm, store } = setup();
    store.settings.set(llmBudgetKey('proj'), 5);
    const error = await failure(llm
      .chat({ endpoint: { baseUrl: 'https://llm.example.invalid/v1', model: 'mystery-model' }, messages: ask('hi') }));
    expect(error.message).toContain('the price of this model is unknown; add it to the llm.prices setting');

    const model = await standIn({ models: ['local-model'] });
    model.script(reply('free'));
    store.usage.record({ projectId: 'proj', endpoint: 'x', model: 'gpt-4o', promptTokens: 0, completionTokens: 0, cost: 9 });
    expect((await llm.chat({ endpoint: { baseUrl: model.url, model: 'local-model' }, messages: ask('hi') })).content).toBe('free');
  });

  it('answers a repeated deterministic call from the cache, without a request or spending', async () => {
    const model = await standIn({ models: ['gpt-4o'] });
    model.script(reply('cached answer', { promptTokens: 100, completionTokens: 10 }));
    const store = tempStore();
    const first = setup(store);
    const request = { endpoint: { baseUrl: model.url, model: 'gpt-4o' }, messages: ask('same question'), temperature: 0 };
    expect((await first.llm.chat(request)).cached).toBe(false);

    // Another node, another time: same request, same answer, nothing sent.
    const second = setup(store, 'other-node');
    const again = await second.llm.chat(request);
    expect(again).toMatchObject({ content: 'cached answer', cached: true, usage: { promptTokens: 0, completionTokens: 0, cost: 0 } });
    expect(second.logText()).toContain('cached answer');
    expect(second.logText()).toContain('answered from the response cache');
    expect(model.chats).toHaveLength(1);
    expect(store.usage.totals({ projectId: 'proj' }).calls).toBe(1);

    // A different question, or sampling at a temperature, goes to the model.
    model.script(reply('new'), reply('warm 1'), reply('warm 2'));
    await first.llm.chat({ ...request, messages: ask('another question') });
    await first.llm.chat({ ...request, temperature: 0.7 });
    expect((await first.llm.chat({ ...request, temperature: 0.7 })).content).toBe('warm 2');
    expect(model.chats).toHaveLength(4);
  });

  it('caches at a temperature when the node asks for it', async () => {
    const model = await standIn();
    model.script(reply('kept'));
    const { llm } = setup();
    const request = { endpoint: { baseUrl: model.url, model: 'stand-in-coder' }, messages: ask('q'), temperature: 0.8, cache: true };
    await llm.chat(request);
    expect((await llm.chat(request)).cached).toBe(true);
    expect(model.chats).toHaveLength(1);
  });

  it('asks again without structured output when the server does not support it', async () => {
    const model = await standIn();
    model.script(httpError(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model"), reply('{"ok":true}'));
    const { llm, logText } = setup();
    const answer = await llm.chat({
      endpoint: { baseUrl: model.url, model: 'stand-in-coder' },
      messages: ask('json please'),
      jsonSchema: { name: 'result', schema: { type: 'object' } },
    });
    expect(answer.content).toBe('{"ok":true}');
    expect(model.chats[0].body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'result' } });
    expect(model.chats[1].body.response_format).toBeUndefined();
    expect(logText()).toContain('does not support structured output');
  });

  it('sends the API key from the secret store and never repeats it in an error', async () => {
    const key = 'sk-stand-in-0123456789abcdef';
    const model = await standIn({ apiKey: key });
    model.script(reply('authorised'));
    const { llm, store } = setup();
    store.secrets.set('PROVIDER_KEY', key);
    const endpoint = { baseUrl: model.url, model: 'stand-in-coder', apiKeySecret: 'PROVIDER_KEY' };
    expect((await llm.chat({ endpoint, messages: ask('hi') })).content).toBe('authorised');
    expect(model.chats[0].headers.authorization).toBe(`Bearer ${key}`);

    // The server echoes a wrong key back; the error carries the secret's name instead.
    const wrong = 'sk-wrong-key-that-must-not-leak';
    store.secrets.set('PROVIDER_KEY', wrong);
    const error = await failure(llm.chat({ endpoint, messages: ask('hi') }));
    expect(error.message).toContain('401: Incorrect API key provided: [secret PROVIDER_KEY]');
    expect(error.message).toContain('check the API key secret');
    expect(error.message).not.toContain(wrong);

    const unset = await failure(llm.chat({ endpoint: { ...endpoint, apiKeySecret: 'MISSING_KEY' }, messages: ask('hi') }));
    expect(unset.message).toContain('needs the secret "MISSING_KEY" as its API key, and it is not set: set it with pipewright secret set MISSING_KEY');
  });

  it('sends no key at all to an endpoint without one, even with OPENAI_API_KEY in the environment', async () => {
    const model = await standIn();
    model.script(reply('open'));
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-personal-key-from-the-environment';
    try {
      const { llm } = setup();
      await llm.chat({ endpoint: { baseUrl: model.url, model: 'stand-in-coder' }, messages: ask('hi') });
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
    expect(model.chats[0].headers.authorization).toBeUndefined();
  });

  it('routes by task and complexity, falling back in order when an endpoint fails', async () => {
    const model = await standIn({ models: ['big', 'small'] });
    const dead = await closedPort();
    const { llm, store, logText } = setup();
    store.settings.set(LLM_ENDPOINTS, {
      dead: { baseUrl: dead, model: 'big' },
      alive: { baseUrl: model.url, model: 'small' },
    });
    store.settings.set(LLM_ROUTER, {
      routes: [
        { task: '*', complexity: '*', use: [{ endpoint: 'alive' }] },
        { task: 'code_generation', complexity: 'complex', use: [{ endpoint: 'dead' }, { endpoint: 'alive', model: 'big' }] },
      ],
    });
    model.script(reply('from the fallback'), reply('from the general route'));

    const complex = await llm.chat({ route: { task: 'code_generation', complexity: 'complex' }, messages: ask('hard') });
    expect(complex.content).toBe('from the fallback');
    expect(complex.endpoint).toEqual({ baseUrl: model.url, model: 'big' });
    expect(logText()).toContain(`endpoint "dead" (${dead}, model big) failed; trying endpoint "alive" (${model.url}, model big)`);

    const simple = await llm.chat({ route: { task: 'chat', complexity: 'simple' }, messages: ask('easy') });
    expect(simple.endpoint.model).toBe('small');
    expect(model.chats.map((c) => c.body.model)).toEqual(['big', 'small']);
  });

  it('lists every endpoint that failed when all of them do', async () => {
    const dead = await closedPort();
    const { llm, store } = setup();
    store.settings.set(LLM_ENDPOINTS, { a: { baseUrl: dead, model: 'm1' }, b: { baseUrl: dead, model: 'm2' } });
    store.settings.set(LLM_ROUTER, { routes: [{ task: 'planning', complexity: '*', use: [{ endpoint: 'a' }, { endpoint: 'b' }] }] });
    const error = (await failure(llm.chat({ route: { task: 'planning' }, messages: ask('x') }))) as NodeError;
    expect(error.message).toBe('every endpoint for planning/medium failed');
    expect(error.detail).toBe(
      [
        `- endpoint "a" (${dead}, model m1): could not connect (ECONNREFUSED) (gave up after 4 tries); check that the server is running and reachable (pipewright endpoint test)`,
        `- endpoint "b" (${dead}, model m2): could not connect (ECONNREFUSED) (gave up after 4 tries); check that the server is running and reachable (pipewright endpoint test)`,
      ].join('\n'),
    );
  });

  it('says what to configure when no endpoint is known for a task', async () => {
    const { llm } = setup();
    const error = await failure(llm.chat({ route: { task: 'code_generation' }, messages: ask('x') }));
    expect(error.message).toBe(
      'no LLM endpoint is configured for code_generation: connect an LLM endpoint node, add one with pipewright endpoint add <name> --base-url <url> --model <model>, or install the built-in model with pipewright models pull qwen2.5-coder-1.5b',
    );
  });

  it('keeps the transcript of an agent conversation with the run, each message once', async () => {
    const model = await standIn();
    model.script(callTool('read_file', { path: 'a.txt' }), reply('done'));
    const { llm, store } = setup();
    const messages: ChatMessage[] = ask('read a.txt');
    const first = await llm.chat({ endpoint: { baseUrl: model.url, model: 'stand-in-coder' }, messages });
    messages.push({ role: 'assistant', content: first.content, toolCalls: first.toolCalls });
    messages.push({ role: 'tool', toolCallId: first.toolCalls[0].id, content: 'contents of a' });
    await llm.chat({ endpoint: { baseUrl: model.url, model: 'stand-in-coder' }, messages });

    const transcript = store.transcripts.list('run-1', 'gen');
    expect(transcript.map((e) => e.message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(transcript.every((e) => e.conversation === 1)).toBe(true);
    expect(transcript[2].message).toMatchObject({ role: 'assistant', toolCalls: [{ name: 'read_file' }] });
    expect(transcript[4].message).toEqual({ role: 'assistant', content: 'done' });
  });

  it('lists the models of an endpoint (GET /models)', async () => {
    const model = await standIn({ models: ['alpha', 'beta'] });
    const { llm } = setup();
    expect(await llm.models({ baseUrl: model.url })).toEqual(['alpha', 'beta']);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NodeError, type ChatRequest } from '../../../nodes/sdk';
import { LLM_ENDPOINTS, LLM_ROUTER } from '../../settings-keys';
import { tempStore } from '../../store/store.test-support';
import { LlmService, type Caller } from '../llm/llm-service';
import { BuiltinModel } from './builtin-model';
import { ModelLibrary } from './model-library';
import { writeStandInModel } from './stand-in-gguf.test-support';

// The endpoint `builtin` through the real LLM service, answered by a stand-in model (tiny random
// weights) that the real llama.cpp runtime loads in its worker thread.
let dir: string;
let builtin: BuiltinModel | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-builtin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await builtin?.dispose();
  builtin = undefined;
});

async function withStandIn(): Promise<BuiltinModel> {
  const home = mkdtempSync(join(dir, 'home-'));
  const library = new ModelLibrary(home, []);
  await library.add(writeStandInModel(join(home, 'stand-in.gguf')).path, 'stand-in');
  builtin = new BuiltinModel(library, { gpu: false });
  return builtin;
}

function caller(log: string[] = [], signal = new AbortController().signal): Caller {
  return { projectId: 'p1', runId: 'r1', nodeId: 'coder', signal, log: (chunk) => log.push(chunk) };
}

const ask: ChatRequest = { route: { task: 'code_generation' }, messages: [{ role: 'user', content: 'Write hello world' }], maxTokens: 16, temperature: 0.3 };

describe('the endpoint "builtin"', () => {
  it('answers a routed call when no other endpoint is configured, logs its tokens and records them at cost 0', async () => {
    const store = tempStore();
    const service = new LlmService({ store, builtin: await withStandIn() });
    const log: string[] = [];
    const answer = await service.chat(ask, caller(log));
    expect(answer.endpoint).toEqual({ baseUrl: 'builtin', model: 'stand-in' });
    expect(answer.usage.completionTokens).toBe(16);
    expect(answer.usage.promptTokens).toBeGreaterThan(0);
    expect(answer.usage.cost).toBe(0);
    expect(log.join('')).toContain(answer.content);
    expect(store.usage.totals({ projectId: 'p1' })).toEqual({ calls: 1, promptTokens: answer.usage.promptTokens, completionTokens: 16, cost: 0 });
  });

  it('is chosen by name in a route, even beside other endpoints, and refused clearly when no model is installed', async () => {
    const store = tempStore();
    store.settings.set(LLM_ENDPOINTS, { cloud: { baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-4.1' } });
    store.settings.set(LLM_ROUTER, { routes: [{ task: 'code_generation', complexity: '*', use: [{ endpoint: 'builtin' }] }] });
    const empty = new LlmService({ store, builtin: new BuiltinModel(new ModelLibrary(mkdtempSync(join(dir, 'none-')), []), { gpu: false }) });
    const refused = await empty.chat(ask, caller()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NodeError);
    expect((refused as Error).message).toBe(
      'the route for code_generation/* names the built-in model, and none is installed: pull one with pipewright models pull qwen2.5-coder-1.5b (or in Settings → Local models), or change the route',
    );
    const service = new LlmService({ store, builtin: await withStandIn() });
    expect((await service.chat(ask, caller())).endpoint.baseUrl).toBe('builtin');
  });

  it('answers tool calls and structured output through the service', async () => {
    const service = new LlmService({ store: tempStore(), builtin: await withStandIn() });
    const tools = [
      { name: 'run_tests', description: 'Runs the tests', parameters: { type: 'object', properties: { suite: { enum: ['unit', 'e2e'] } }, required: ['suite'] } },
      { name: 'list_files', description: 'Lists the files', parameters: { type: 'object', properties: { recursive: { type: 'boolean' } } } },
    ];
    // The stand-in's weights are random: this prompt is one it answers with a call (a tool
    // call or an answer are both valid replies; the same prompt always gives the same one).
    const messages = [{ role: 'user' as const, content: 'Write a function that adds two numbers.' }];
    const called = await service.chat({ ...ask, messages, endpoint: { baseUrl: 'builtin', model: 'stand-in' }, tools, maxTokens: 200, temperature: 0 }, caller());
    expect(called.finishReason).toBe('tool_calls');
    const [call] = called.toolCalls;
    const args = JSON.parse(call.arguments);
    if (call.name === 'run_tests') expect(['unit', 'e2e']).toContain(args.suite);
    else expect([call.name, typeof args.recursive]).toEqual(['list_files', 'boolean']);
    const schema = { type: 'object', properties: { done: { type: 'boolean' } }, required: ['done'] };
    const structured = await service.chat({ ...ask, jsonSchema: { name: 'status', schema }, maxTokens: 64 }, caller());
    expect(typeof JSON.parse(structured.content).done).toBe('boolean');
  });

  it('stops when the node is cancelled', async () => {
    const service = new LlmService({ store: tempStore(), builtin: await withStandIn() });
    const controller = new AbortController();
    const log: string[] = [];
    const pending = service.chat({ ...ask, maxTokens: 3000 }, { ...caller(log, controller.signal), log: (chunk) => log.push(chunk) === 3 && controller.abort() });
    const error = await pending.catch((e: unknown) => e);
    expect(controller.signal.aborted).toBe(true);
    expect((error as Error).name).toBe('AbortError');
    expect(log.length).toBeLessThan(100);
  });

  it('gives up on an answer that takes longer than the service allows, saying what to do', async () => {
    const model = await withStandIn();
    await model.host.load(model.library.find('stand-in')!.path);
    const service = new LlmService({ store: tempStore(), builtin: model, timeoutMs: 400 });
    const started = performance.now();
    const error = await service.chat({ ...ask, maxTokens: 3500 }, caller()).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(3000);
    expect((error as Error).message).toBe(
      'endpoint "builtin" (builtin, model stand-in): the built-in model did not finish within 0.4 s (this machine may be too slow for stand-in): ask for fewer tokens, or use a smaller model',
    );
    expect((await service.chat({ ...ask, maxTokens: 4 }, caller())).usage.completionTokens).toBe(4);
  });

  it('names the model and what to do when the model asked for is not installed', async () => {
    const service = new LlmService({ store: tempStore(), builtin: await withStandIn() });
    const error = await service.chat({ ...ask, endpoint: { baseUrl: 'builtin', model: 'qwen2.5-coder-7b' } }, caller()).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'endpoint (builtin, model qwen2.5-coder-7b): no built-in model "qwen2.5-coder-7b" is installed (installed: stand-in): pull it with pipewright models pull qwen2.5-coder-7b, or add a GGUF file with pipewright models add <file> --name qwen2.5-coder-7b',
    );
  });
});

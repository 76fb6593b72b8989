import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelHost } from './model-host';
import { writeStandInModel } from './stand-in-gguf.test-support';

// A stand-in model: tiny random weights, loaded by the real llama.cpp runtime in a real worker
// thread. Its words are garbage, but the same request gives the same garbage.
let dir: string;
let model: string;
let host: ModelHost | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-local-model-'));
  model = writeStandInModel(join(dir, 'stand-in.gguf')).path;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await host?.dispose();
  host = undefined;
});

const ask = [{ role: 'user' as const, content: 'Write a function that adds two numbers.' }];

describe('the built-in model host (stand-in model)', () => {
  it('loads the model off the main thread, streams its answer and counts its tokens', async () => {
    host = new ModelHost({ gpu: false });
    const chunks: string[] = [];
    const answer = await host.chat(model, { messages: ask, maxTokens: 24, temperature: 0 }, { onText: (d) => chunks.push(d) });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(answer.content);
    expect(answer.finishReason).toBe('length');
    expect(answer.usage.completionTokens).toBe(24);
    expect(answer.usage.promptTokens).toBeGreaterThan(10);
    const loaded = host.status()!;
    expect(loaded).toMatchObject({ path: model, gpu: false });
    expect(loaded.contextSize).toBeGreaterThanOrEqual(2048);
    expect(loaded.threads).toBeGreaterThanOrEqual(1);
    // The stand-in keeps CI fast: the file loads in well under a second.
    expect(loaded.loadMs).toBeLessThan(1000);

    const again = await host.chat(model, { messages: ask, maxTokens: 24, temperature: 0 });
    expect(again.content).toBe(answer.content);
  });

  it('keeps the main event loop ticking while it generates', async () => {
    host = new ModelHost({ gpu: false });
    await host.load(model);
    let worst = 0;
    let ticks = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last - 10);
      last = now;
      ticks++;
    }, 10);
    const started = performance.now();
    const answer = await host.chat(model, { messages: ask, maxTokens: 2000, temperature: 0 });
    const took = performance.now() - started;
    clearInterval(ticker);
    expect(answer.usage.completionTokens).toBe(2000);
    // Generating took a while, and the main thread kept ticking through it: a generation on the
    // main thread would show as one gap as long as the whole of it. Measured against the
    // generation's own length, not a fixed figure, so a busy machine does not fail it.
    expect(took).toBeGreaterThan(200);
    expect(worst).toBeLessThan(took / 3);
    expect(ticks).toBeGreaterThan(took / 10 / 4);
  });

  it('stops generating when cancelled, and answers the next request', async () => {
    host = new ModelHost({ gpu: false });
    const controller = new AbortController();
    let chunks = 0;
    const started = performance.now();
    const error = await host
      .chat(model, { messages: ask, maxTokens: 3000, temperature: 0 }, { signal: controller.signal, onText: () => ++chunks === 3 && controller.abort() })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(chunks).toBeLessThan(50);
    expect(performance.now() - started).toBeLessThan(20_000);
    const next = await host.chat(model, { messages: ask, maxTokens: 5, temperature: 0 });
    expect(next.usage.completionTokens).toBe(5);
  });

  it('answers in JSON that matches the schema asked for', async () => {
    host = new ModelHost({ gpu: false });
    const schema = {
      type: 'object',
      properties: { language: { enum: ['typescript', 'python', 'go'] }, tested: { type: 'boolean' } },
      required: ['language', 'tested'],
    };
    const answer = await host.chat(model, { messages: ask, maxTokens: 200, temperature: 0, jsonSchema: { name: 'plan', schema } });
    const parsed = JSON.parse(answer.content);
    expect(['typescript', 'python', 'go']).toContain(parsed.language);
    expect(typeof parsed.tested).toBe('boolean');
    expect(answer.finishReason).toBe('stop');
  });

  it('calls a tool with arguments that parse, when given tools', async () => {
    host = new ModelHost({ gpu: false });
    const tools = [
      {
        name: 'run_tests',
        description: 'Runs the test suite',
        parameters: { type: 'object', properties: { suite: { enum: ['unit', 'e2e'] }, watch: { type: 'boolean' } }, required: ['suite', 'watch'] },
      },
      { name: 'list_files', description: 'Lists the files', parameters: { type: 'object', properties: { recursive: { type: 'boolean' } } } },
    ];
    const answer = await host.chat(model, { messages: ask, tools, maxTokens: 200, temperature: 0 });
    expect(answer.finishReason).toBe('tool_calls');
    expect(answer.toolCalls).toHaveLength(1);
    const [call] = answer.toolCalls;
    expect(['run_tests', 'list_files']).toContain(call.name);
    const args = JSON.parse(call.arguments);
    if (call.name === 'run_tests') expect(['unit', 'e2e']).toContain(args.suite);
    else expect(typeof args.recursive).toBe('boolean');
  });

  it('answers requests made at once one after the other, each with its own text', async () => {
    host = new ModelHost({ gpu: false });
    const order: string[] = [];
    const [a, b] = await Promise.all([
      host.chat(model, { messages: ask, maxTokens: 20, temperature: 0 }, { onText: () => order.push('a') }),
      host.chat(model, { messages: [{ role: 'user', content: 'Another question' }], maxTokens: 20, temperature: 0 }, { onText: () => order.push('b') }),
    ]);
    expect([a.usage.completionTokens, b.usage.completionTokens]).toEqual([20, 20]);
    expect(order.join('')).toMatch(/^a+b+$/);
  });

  it('unloads the model when it has been idle, and loads it again when asked', async () => {
    host = new ModelHost({ gpu: false, idleMs: 150 });
    await host.chat(model, { messages: ask, maxTokens: 3, temperature: 0 });
    expect(host.status()?.path).toBe(model);
    await new Promise((r) => setTimeout(r, 600));
    expect(host.status()).toBeUndefined();
    const answer = await host.chat(model, { messages: ask, maxTokens: 3, temperature: 0 });
    expect(answer.usage.completionTokens).toBe(3);
  });

  it('refuses a damaged model file with its name, and goes on with a good one', async () => {
    host = new ModelHost({ gpu: false });
    const cut = join(dir, 'cut.gguf');
    writeFileSync(cut, readFileSync(model).subarray(0, 4000));
    const error = await host.chat(cut, { messages: ask, maxTokens: 3 }).catch((e: unknown) => e);
    const message = (error as Error).message;
    expect(message.startsWith(`the model file ${cut} could not be loaded (`)).toBe(true);
    expect(message.endsWith('): it may be damaged, cut short, or made for another llama.cpp version; pull it again, or add another GGUF file')).toBe(true);
    expect(host.status()).toBeUndefined();
    const answer = await host.chat(model, { messages: ask, maxTokens: 3, temperature: 0 });
    expect(answer.usage.completionTokens).toBe(3);
  });

  it('refuses a model bigger than the free memory before loading it, saying how much it needs', async () => {
    host = new ModelHost({ gpu: false });
    const huge = join(dir, 'huge.gguf');
    writeFileSync(huge, '');
    truncateSync(huge, totalmem() * 2); // sparse: takes no disk
    const error = await host.chat(huge, { messages: ask, maxTokens: 3 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ModelTooBig');
    expect((error as Error).message).toMatch(/the model "huge\.gguf" \([\d.]+ GB\) needs about [\d.]+ GB of memory and this machine has [\d.]+ GB free/);
    expect(host.status()).toBeUndefined();
    const answer = await host.chat(model, { messages: ask, maxTokens: 3, temperature: 0 });
    expect(answer.usage.completionTokens).toBe(3);
  });
});

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
    expect(message).toBe(
      `the model file ${cut} cannot be loaded: metadata "tokenizer.ggml.tokens" says it is 6 bytes long at byte 3998, past the end of the file (4000 bytes): it is cut short or damaged; pull it again, or add another GGUF file`,
    );
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

  it('refuses a file whose counts are damaged at once, without reading it forever', async () => {
    host = new ModelHost({ gpu: false });
    const good = readFileSync(model);
    // 2^64 - 1 tensors: the runtime's own reader loops on such a header without end.
    const tensors = Buffer.from(good);
    tensors.writeBigUInt64LE(0xffffffffffffffffn, 8);
    const manyTensors = join(dir, 'many-tensors.gguf');
    writeFileSync(manyTensors, tensors);
    // A tensor of 4 billion dimensions: the same.
    const dims = Buffer.from(good);
    dims.writeUInt32LE(0xffffffff, dims.indexOf('token_embd.weight') + 'token_embd.weight'.length);
    const manyDims = join(dir, 'many-dims.gguf');
    writeFileSync(manyDims, dims);
    // Without the check these never answer: the test's own timeout is what catches a hang.
    const first = await host.chat(manyTensors, { messages: ask, maxTokens: 3 }).catch((e: Error) => e.message);
    expect(first).toBe(
      `the model file ${manyTensors} cannot be loaded: it says it holds 18 metadata entries and 18446744073709551615 tensors, more than its ${good.length} bytes can: the file is damaged; pull it again, or add another GGUF file`,
    );
    const second = await host.chat(manyDims, { messages: ask, maxTokens: 3 }).catch((e: Error) => e.message);
    expect(second).toMatch(/^the model file .*many-dims\.gguf cannot be loaded: tensor "token_embd\.weight" says it has 4294967295 dimensions at byte \d+, and llama\.cpp allows 4: the file is damaged/);
    const text = join(dir, 'notes.gguf');
    writeFileSync(text, 'not a model\n');
    expect(await host.chat(text, { messages: ask, maxTokens: 3 }).catch((e: Error) => e.message)).toContain('it is not a GGUF model file (it does not start with "GGUF")');
    expect(await host.chat(dir, { messages: ask, maxTokens: 3 }).catch((e: Error) => e.message)).toBe(
      `the model file ${dir} is not a file: add a .gguf file with pipewright models add, or pull the model again`,
    );
  });

  it("says why llama.cpp refused a file, and survives refusal after refusal (the thread ends without taking the process with it)", async () => {
    host = new ModelHost({ gpu: false });
    const good = readFileSync(model);
    const cut = join(dir, 'cut-in-data.gguf');
    writeFileSync(cut, good.subarray(0, good.length >> 1));
    const renamed = join(dir, 'no-output-norm.gguf');
    writeFileSync(renamed, Buffer.from(good.toString('latin1').replace('output_norm.weight', 'output_nxrm.weight'), 'latin1'));
    for (let i = 0; i < 4; i++) {
      expect(await host.chat(cut, { messages: ask, maxTokens: 3 }).catch((e: Error) => e.message)).toMatch(/data is not within the file bounds, model is corrupted or incomplete\): it may be damaged/);
      expect(await host.chat(renamed, { messages: ask, maxTokens: 3 }).catch((e: Error) => e.message)).toMatch(/missing tensor 'output_norm\.weight'\): it may be damaged/);
      // The thread ends right after a refusal, while the runtime may still be sending its log
      // lines: ended outright, it used to abort the whole process.
      await host.unload();
    }
    const answer = await host.chat(model, { messages: ask, maxTokens: 3, temperature: 0 });
    expect(answer.usage.completionTokens).toBe(3);
  }, 120_000);

  it('answers a cancel at once while the request waits behind another one', async () => {
    host = new ModelHost({ gpu: false });
    await host.load(model);
    const long = host.chat(model, { messages: ask, maxTokens: 1500, temperature: 0 });
    const controller = new AbortController();
    const waiting = host.chat(model, { messages: ask, maxTokens: 3, temperature: 0 }, { signal: controller.signal });
    let longDone = false;
    void long.then(() => (longDone = true));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    expect(((await waiting.catch((e: unknown) => e)) as Error).name).toBe('AbortError');
    expect(longDone).toBe(false);
    expect((await long).usage.completionTokens).toBe(1500);
  }, 90_000);

  it('gives up a load that takes longer than allowed, saying so, with nothing left loaded', async () => {
    host = new ModelHost({ gpu: false, loadTimeoutMs: 1 });
    const error = await host.chat(model, { messages: ask, maxTokens: 3 }).catch((e: Error) => e.message);
    expect(error).toBe(
      `the model file ${model} could not be loaded (loading took longer than 0 s, and was given up): it may be damaged, cut short, or made for another llama.cpp version; pull it again, or add another GGUF file`,
    );
    expect(host.status()).toBeUndefined();
  });
});

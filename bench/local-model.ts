import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelHost } from '../main/adapters/local-llm/model-host';
import { ModelLibrary } from '../main/adapters/local-llm/model-library';
import { writeStandInModel } from '../main/adapters/local-llm/stand-in-gguf.test-support';
import { defaultHome } from '../main/store';

/*
 * The built-in model: load time, tokens per second and peak memory, for the stand-in model
 * (tiny random weights: it measures the runtime and the worker, not a real model's speed) and
 * for every model installed in $PIPEWRIGHT_HOME/models. Also the worst stall of the main
 * thread's event loop while the worker generates. `npx tsx bench/run.ts local-model`
 */

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function measure(host: ModelHost, label: string, path: string, tokens: number): Promise<void> {
  const loadStart = performance.now();
  const loaded = await host.load(path);
  const loadMs = performance.now() - loadStart;
  let worst = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  let first: number | undefined;
  const started = performance.now();
  const answer = await host.chat(
    path,
    { messages: [{ role: 'user', content: 'Write a TypeScript function that parses a CSV line.' }], maxTokens: tokens, temperature: 0 },
    { onText: () => (first ??= performance.now()) },
  );
  const took = (performance.now() - started) / 1000;
  clearInterval(ticker);
  const generating = first === undefined ? took : (performance.now() - first) / 1000;
  console.log(
    `${label}: ready in ${loadMs.toFixed(0)} ms (runtime ${loaded.runtimeMs.toFixed(0)} ms, model ${loaded.loadMs.toFixed(0)} ms; context ${loaded.contextSize}, ${loaded.threads} threads, ${loaded.gpu || 'CPU'}); ` +
      `${answer.usage.promptTokens} prompt tokens, first text after ${first === undefined ? '–' : `${(first - started).toFixed(0)} ms`}; ` +
      `${answer.usage.completionTokens} tokens in ${took.toFixed(2)} s = ${(answer.usage.completionTokens / generating).toFixed(0)} tokens/s; ` +
      `peak RSS so far ${mb(process.resourceUsage().maxRSS)}; worst event-loop stall ${worst.toFixed(1)} ms`,
  );
}

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-bench-local-'));
  const host = new ModelHost();
  try {
    console.log(`before loading: peak RSS ${mb(process.resourceUsage().maxRSS)}`);
    const standIn = writeStandInModel(join(dir, 'stand-in.gguf'));
    console.log(`stand-in model: ${(standIn.bytes / 1024).toFixed(0)} KB, vocabulary ${standIn.vocabularySize}`);
    // The first load includes starting the worker and the runtime; the second is the model alone.
    await measure(host, 'stand-in (cold)', standIn.path, 512);
    await host.unload();
    await measure(host, 'stand-in (worker restarted)', standIn.path, 512);
    const installed = new ModelLibrary(defaultHome()).installed();
    if (!installed.length) console.log(`no real model in ${join(defaultHome(), 'models')} (pipewright models pull qwen2.5-coder-1.5b to measure one)`);
    for (const model of installed) await measure(host, `${model.id} (${(model.bytes / 1024 ** 3).toFixed(2)} GB)`, model.path, 128);
  } finally {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void main();

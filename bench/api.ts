import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FORMAT, type Pipeline } from '../nodes/sdk';
import { createApi } from '../main/api';
import type { EngineEvent } from '../main/engine/events';
import { openHost } from '../main/host';
import { createRestApi } from '../main/server/rest';
import { serveRenderer } from '../main/server/static-server';

/*
 * The HTTP API's cost: a 1-node run started with POST /api/v1/pipelines/{id}/runs against the
 * same run started in-process (RunManager.start, what the UI's call does), each timed from the
 * call to the engine's run-finished; and how long an engine event takes to reach an SSE client.
 * Real host (SQLite in a temporary folder), real server on loopback. `npx tsx bench/api.ts`
 */

const RUNS = Number(process.env.BENCH_API_RUNS ?? 200);
const LINES = 200;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const ms = (x: number) => `${x.toFixed(3)} ms`;

const one: Pipeline = {
  format: FORMAT,
  id: 'bench-one',
  name: 'One node',
  nodes: [{ id: 'who', kind: 'pipeline-input', version: 1, params: { name: 'who', type: 'text' }, position: { x: 0, y: 0 } }],
  edges: [],
};

const chatty: Pipeline = {
  format: FORMAT,
  id: 'bench-chatty',
  name: 'Chatty',
  nodes: [
    {
      id: 'talk',
      kind: 'shell',
      version: 1,
      // A line every 5 ms, so each event is sent on its own rather than in a burst.
      params: { command: `i=0; while [ $i -lt ${LINES} ]; do echo "line $i"; i=$((i+1)); sleep 0.005; done` },
      position: { x: 0, y: 0 },
    },
  ],
  edges: [],
};

export async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'pw-bench-api-'));
  const root = join(home, 'ui');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Pipewright</title>');
  const host = openHost({ home });
  const api = createApi({ host, emit: () => {} });
  const server = await serveRenderer({ root, handlers: api.handlers, rest: createRestApi({ host, runs: api.runs }) });
  const auth = { authorization: `Bearer ${server.token}` };
  try {
    for (const doc of [one, chatty]) host.store.pipelines.save(doc, doc.id);

    // Resolves when the engine says the run finished, seen in-process: the same end for both ways in.
    const waiting = new Map<string, () => void>();
    const early = new Set<string>();
    api.runs.subscribe((e) => {
      if (e.type !== 'run-finished') return;
      const resolve = waiting.get(e.runId);
      if (resolve) resolve();
      else early.add(e.runId);
    });
    const finished = (runId: string) =>
      early.delete(runId) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(runId, resolve));

    const inProcess = async () => {
      const t0 = performance.now();
      await finished(api.runs.start({ doc: host.store.pipelines.get(one.id)!, projectId: one.id, inputs: { who: 'x' } }));
      return performance.now() - t0;
    };
    const overHttp = async () => {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/v1/pipelines/${one.id}/runs`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: { who: 'x' } }),
      });
      const { runId } = (await res.json()) as { runId: string };
      await finished(runId);
      return performance.now() - t0;
    };

    for (let i = 0; i < 20; i++) {
      await inProcess();
      await overHttp();
    }
    const local: number[] = [];
    const http: number[] = [];
    // Interleaved, so a slow moment of a shared machine falls on both.
    for (let i = 0; i < RUNS; i++) {
      local.push(await inProcess());
      http.push(await overHttp());
    }
    console.log(`1-node run, call → run-finished, median of ${RUNS} (p90):`);
    console.log(`  in-process (RunManager.start)        ${ms(median(local))} (${ms(pct(local, 90))})`);
    console.log(`  over HTTP (POST …/runs, keep-alive)  ${ms(median(http))} (${ms(pct(http, 90))})`);
    console.log(`  added by HTTP                         ${ms(median(http) - median(local))} (goal ≤ 5 ms)`);

    // SSE latency: the engine's emit time (in-process listener) to the client's read of the same line.
    const emitted = new Map<string, number>();
    const unsubscribe = api.runs.subscribe((e: EngineEvent) => emitted.set(JSON.stringify(e), performance.now()));
    const start = await fetch(`${server.url}/api/v1/pipelines/${chatty.id}/runs`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    const { runId } = (await start.json()) as { runId: string };
    const stream = await fetch(`${server.url}/api/v1/runs/${runId}/events`, { headers: auth });
    const opened = performance.now();
    const latencies: number[] = [];
    let buffer = '';
    const decoder = new TextDecoder();
    const reader = stream.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const now = performance.now();
      buffer += decoder.decode(read.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (!line.startsWith('data: ')) continue;
        const at = emitted.get(line.slice(6));
        // Events from before the stream opened were replayed from the store: not a latency.
        if (at !== undefined && at >= opened) latencies.push(now - at);
      }
    }
    unsubscribe();
    console.log(`SSE, engine emit → client read, ${latencies.length} live events of a run printing ${LINES} lines:`);
    console.log(`  median ${ms(median(latencies))}, p90 ${ms(pct(latencies, 90))}, max ${ms(Math.max(...latencies))}`);
  } finally {
    await api.close();
    await server.close();
    host.close();
    rmSync(home, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

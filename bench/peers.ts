import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineNode, defineRuntime, FORMAT, type AnyDefinition, type NodeRuntime, type Pipeline } from '../nodes/sdk';
import { pipelineInputDefinition } from '../nodes/pipeline-input/definition';
import { pipelineInputRuntime } from '../nodes/pipeline-input/runtime';
import { pipelineOutputDefinition } from '../nodes/pipeline-output/definition';
import { pipelineOutputRuntime } from '../nodes/pipeline-output/runtime';
import { Engine, type PreparedRun } from '../main/engine/engine';
import { MemoryCache } from '../main/engine/memory-cache';

/*
 * Pipewright beside Node-RED, the same work in one run of this process: a chain of 100 and of
 * 1,000 no-op steps, each triggered with a fresh JSON payload that comes back as the answer.
 *   Node-RED 5.0: `http in` → N `change` nodes (payload set to itself) → `http response`, in its
 *     own process, triggered over HTTP on loopback.
 *   Pipewright: pipeline input → N no-op steps → pipeline output, through the engine in this
 *     process (prepared once, as Node-RED deploys once), called directly and through a loopback
 *     HTTP server of this process; with the cache on (every step's key hashed, looked up, its
 *     result stored: each payload is new, so nothing is reused) and off (steps marked `cache: false`).
 * Per-node marginal cost: (1,000-chain − 100-chain) / 900, which leaves out HTTP, parsing and
 * the run's fixed cost. Configurations take turns request by request, so load on the machine
 * falls on all of them alike. `npx tsx bench/peers.ts` (BENCH_ROUNDS=…, BENCH_N8N=1: see README).
 * Node-RED is installed on first use into ~/.cache/pipewright-bench/node-red (~10 s).
 */

const NODE_RED_VERSION = '5.0.7';
const CACHE_DIR = join(homedir(), '.cache', 'pipewright-bench');
const SMALL = 100;
const LARGE = 1_000;
const WARMUP_ROUNDS = 30;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 120);
/** The whole benchmark gives up after this long, whatever hangs. */
const DEADLINE_MS = 10 * 60_000;
const GOAL_CACHE_ON_US = 4;
const GOAL_CACHE_OFF_US = 1.5;

// ---- Pipewright side

const stepParams = z.object({ step: z.number() });
const stepPorts = { inputs: [{ name: 'in', type: 'any' as const }], outputs: [{ name: 'out', type: 'any' as const }] };
const step = defineNode({
  kind: 'bench-step',
  version: 1,
  title: 'No-op step',
  category: 'Bench',
  description: 'Hands its input on unchanged (its step number keeps its cache key its own).',
  icon: '·',
  ...stepPorts,
  params: stepParams,
});
const uncachedStep = defineNode({ ...step, kind: 'bench-step-uncached', cache: false });
const passOn = async ({ inputs }: { inputs: Record<string, unknown> }) => ({ out: inputs.in });

const definitions = new Map<string, AnyDefinition>([
  [step.kind, step],
  [uncachedStep.kind, uncachedStep],
  [pipelineInputDefinition.kind, pipelineInputDefinition],
  [pipelineOutputDefinition.kind, pipelineOutputDefinition],
]);
const runtimes = new Map<string, NodeRuntime>([
  [step.kind, defineRuntime(step, passOn)],
  [uncachedStep.kind, defineRuntime(uncachedStep, passOn)],
  [pipelineInputDefinition.kind, pipelineInputRuntime],
  [pipelineOutputDefinition.kind, pipelineOutputRuntime],
]);

export function stepChain(n: number, kind: string): Pipeline {
  const at = { x: 0, y: 0 };
  const nodes = [
    { id: 'in', kind: 'pipeline-input', params: { name: 'payload', type: 'json' }, position: at },
    ...Array.from({ length: n }, (_, i) => ({ id: `s${i}`, kind, params: { step: i }, position: at })),
    { id: 'out', kind: 'pipeline-output', params: { name: 'payload' }, position: at },
  ];
  const ids = nodes.map((x) => x.id);
  const edges = ids.slice(1).map((to, i) => ({
    id: `e${i}`,
    from: { node: ids[i], port: i === 0 ? 'value' : 'out' },
    to: { node: to, port: to === 'out' ? 'value' : 'in' },
  }));
  return { format: FORMAT, id: `chain-${kind}-${n}`, name: `${n} steps`, nodes, edges, inputs: [{ name: 'payload', type: 'json' }] };
}

class PipewrightSide {
  private readonly cache = new MemoryCache();
  readonly engine: Engine;
  private readonly prepared = new Map<string, PreparedRun>();

  constructor(root: string) {
    this.engine = new Engine({
      registry: { definition: (k) => definitions.get(k), runtime: (k) => runtimes.get(k) },
      cache: this.cache,
      pty: { run: () => Promise.reject(new Error('no pty in the benchmark')) },
      workspaceRoot: root,
      loadPipeline: (ref) => {
        throw new Error(`no pipeline ${ref} in the benchmark`);
      },
    });
    for (const kind of [step.kind, uncachedStep.kind]) {
      for (const n of [SMALL, LARGE]) {
        const prepared = this.engine.prepare(stepChain(n, kind));
        if (prepared.issues.length) throw new Error(`chain ${kind} × ${n}: ${prepared.issues[0].message}`);
        this.prepared.set(`${kind}/${n}`, prepared);
      }
    }
  }

  async run(kind: string, n: number, payload: unknown): Promise<unknown> {
    const summary = await this.engine.run(this.prepared.get(`${kind}/${n}`)!, { projectId: 'bench', inputs: { payload } }).done;
    if (summary.status !== 'succeeded') throw new Error(`Pipewright chain of ${n}: run ${summary.status}`);
    return summary.outputs.payload;
  }

  /** Each payload is new, so cached results only grow: drop them between rounds. */
  forget(): void {
    this.cache.clear();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

/** POST /<kind>/<n> with a JSON payload runs that chain and answers its output. */
function serve(side: PipewrightSide): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const [, kind, n] = (req.url ?? '').split('/');
    readBody(req)
      .then((body) => side.run(kind, Number(n), JSON.parse(body)))
      .then((out) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

// ---- Node-RED side

function ensureNodeRed(): string {
  const prefix = join(CACHE_DIR, 'node-red');
  const entry = join(prefix, 'node_modules', 'node-red', 'red.js');
  if (existsSync(entry)) return entry;
  mkdirSync(prefix, { recursive: true });
  console.log(`installing node-red@${NODE_RED_VERSION} into ${prefix} (first use only)…`);
  const done = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', `node-red@${NODE_RED_VERSION}`], {
    stdio: 'inherit',
    timeout: 5 * 60_000,
  });
  if (done.status !== 0 || !existsSync(entry)) {
    throw new Error(`could not install node-red@${NODE_RED_VERSION} into ${prefix} (npm exit ${done.status ?? done.signal}); check access to the npm registry`);
  }
  return entry;
}

/** `http in` → n change nodes that set msg.payload to itself → `http response`. */
function nodeRedChain(n: number): Record<string, unknown>[] {
  const change = (i: number) => `c${n}_${i}`;
  const flow: Record<string, unknown>[] = [
    { id: `in${n}`, type: 'http in', z: 'bench', url: `/chain${n}`, method: 'post', upload: false, wires: [[change(0)]] },
  ];
  for (let i = 0; i < n; i++) {
    flow.push({
      id: change(i),
      type: 'change',
      z: 'bench',
      rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'payload', tot: 'msg' }],
      wires: [[i + 1 < n ? change(i + 1) : `out${n}`]],
    });
  }
  flow.push({ id: `out${n}`, type: 'http response', z: 'bench', statusCode: '', headers: {}, wires: [] });
  return flow;
}

async function startNodeRed(entry: string, userDir: string): Promise<{ child: ChildProcess; port: number }> {
  const flows = [{ id: 'bench', type: 'tab', label: 'bench' }, ...nodeRedChain(SMALL), ...nodeRedChain(LARGE)];
  writeFileSync(join(userDir, 'flows.json'), JSON.stringify(flows));
  // No editor, quiet logs: the runtime and its HTTP nodes only.
  writeFileSync(
    join(userDir, 'settings.js'),
    `module.exports = { flowFile: 'flows.json', httpAdminRoot: false, logging: { console: { level: 'warn' } }, telemetry: { enabled: false } };\n`,
  );
  const port = await freePort();
  const child = spawn(process.execPath, [entry, '--userDir', userDir, '--settings', join(userDir, 'settings.js'), '--port', String(port), 'flows.json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`Node-RED exited (${child.exitCode}) before it answered:\n${output}`);
    try {
      if ((await post(port, `/chain${SMALL}`, { ready: true }, 1000)).ok) return { child, port };
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`Node-RED did not answer on port ${port} within 60 s:\n${output}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

// ---- measuring

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function post(port: number, path: string, payload: unknown, timeoutMs = 30_000): Promise<{ ok: boolean; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  return { ok: res.ok, body: res.ok ? JSON.parse(text) : text };
}

interface Config {
  name: string;
  /** Runs the chain of n once with this payload, answering what came out at the end. */
  call(n: number, payload: unknown): Promise<unknown>;
  times: Record<number, number[]>;
}

/**
 * The lower quartile: on a shared machine a call is only ever slowed by others' work, never
 * sped up, so the faster calls say more about the code than the median does.
 */
function lowerQuartile(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 4)];
}

const us = (value: number) => `${value.toFixed(2)} µs`;

export async function main(): Promise<void> {
  let nodeRed: ChildProcess | undefined;
  let server: Server | undefined;
  const deadline = setTimeout(() => {
    console.error(`bench/peers: still running after ${DEADLINE_MS / 60_000} min; giving up`);
    nodeRed?.kill('SIGKILL');
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  const work = mkdtempSync(join(tmpdir(), 'pipewright-peers-'));
  try {
    const entry = ensureNodeRed();
    const red = await startNodeRed(entry, work);
    nodeRed = red.child;
    const side = new PipewrightSide(join(work, 'workspaces'));
    const http = await serve(side);
    server = http.server;
    const over = async (path: string, payload: unknown) => {
      const answer = await post(http.port, path, payload);
      if (!answer.ok) throw new Error(`Pipewright over HTTP: ${String(answer.body)}`);
      return answer.body;
    };
    const configs: Config[] = (
      [
        {
          name: 'Node-RED 5.0, over HTTP',
          call: async (n, payload) => {
            const answer = await post(red.port, `/chain${n}`, payload);
            if (!answer.ok) throw new Error(`Node-RED chain of ${n}: ${String(answer.body)}`);
            return answer.body;
          },
        },
        { name: 'Pipewright, in process, cache on', call: (n, payload) => side.run(step.kind, n, payload) },
        { name: 'Pipewright, in process, cache off', call: (n, payload) => side.run(uncachedStep.kind, n, payload) },
        { name: 'Pipewright, over HTTP, cache on', call: (n, payload) => over(`/${step.kind}/${n}`, payload) },
        { name: 'Pipewright, over HTTP, cache off', call: (n, payload) => over(`/${uncachedStep.kind}/${n}`, payload) },
      ] satisfies Omit<Config, 'times'>[]
    ).map((c) => ({ ...c, times: { [SMALL]: [], [LARGE]: [] } }));

    let seq = 0;
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      for (const config of configs) {
        for (const n of [SMALL, LARGE]) {
          const payload = { seq: ++seq, note: 'the same payload comes back' };
          const began = process.hrtime.bigint();
          const answer = await config.call(n, payload);
          const elapsed = Number(process.hrtime.bigint() - began) / 1000;
          if ((answer as { seq?: unknown } | undefined)?.seq !== payload.seq) {
            throw new Error(`${config.name}, chain of ${n}: answered ${JSON.stringify(answer)} for ${JSON.stringify(payload)}`);
          }
          if (round >= WARMUP_ROUNDS) config.times[n].push(elapsed);
        }
      }
      side.forget();
    }

    console.log(`chains of ${SMALL} and ${LARGE} no-op steps, fresh payload per call, lower quartile of ${ROUNDS} calls each, configurations in turn`);
    console.log(`${'configuration'.padEnd(36)}${`${SMALL} steps`.padStart(12)}${`${LARGE} steps`.padStart(12)}   per node (marginal)`);
    const marginal = new Map<string, number>();
    for (const c of configs) {
      const small = lowerQuartile(c.times[SMALL]);
      const large = lowerQuartile(c.times[LARGE]);
      const perNode = (large - small) / (LARGE - SMALL);
      marginal.set(c.name, perNode);
      console.log(`${c.name.padEnd(36)}${`${(small / 1000).toFixed(2)} ms`.padStart(12)}${`${(large / 1000).toFixed(2)} ms`.padStart(12)}   ${us(perNode)}`);
    }
    const red1 = marginal.get(configs[0].name)!;
    console.log('per-node cost against Node-RED (Node-RED ÷ Pipewright: above 1 means Pipewright is faster)');
    for (const c of configs.slice(1)) {
      const own = marginal.get(c.name)!;
      console.log(`  ${c.name.padEnd(34)} ×${(red1 / own).toFixed(2)}`);
    }
    const on = marginal.get('Pipewright, in process, cache on')!;
    const off = marginal.get('Pipewright, in process, cache off')!;
    console.log(
      `goals: cache on ≤ ${GOAL_CACHE_ON_US} µs/node: ${us(on)} ${on <= GOAL_CACHE_ON_US ? 'met' : 'MISSED'}; ` +
        `cache off ≤ ${GOAL_CACHE_OFF_US} µs/node: ${us(off)} ${off <= GOAL_CACHE_OFF_US ? 'met' : 'MISSED'} (×${(red1 / off).toFixed(1)} Node-RED's speed)`,
    );
    if (process.env.BENCH_N8N === '1') {
      console.log(
        'n8n: not measured by this benchmark yet. Its install (~6 min, 2.9 GB) needs n8n@2.41.1, linkedom overridden to 0.18.14, ' +
          '--ignore-scripts and a selective rebuild: see bench/README.md',
      );
    }
  } finally {
    if (server) await new Promise((resolve) => server!.close(resolve));
    if (nodeRed) await stop(nodeRed);
    rmSync(work, { recursive: true, force: true });
    clearTimeout(deadline);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

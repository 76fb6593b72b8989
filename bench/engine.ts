import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import {
  defineNode,
  defineRuntime,
  FORMAT,
  type AnyDefinition,
  type Edge,
  type NodeInstance,
  type NodeRuntime,
  type Pipeline,
} from '../nodes/sdk';
import { Engine } from '../main/engine/engine';
import { MemoryCache } from '../main/engine/memory-cache';
import type { NodeRegistry, RunOptions } from '../main/engine/types';

/*
 * Engine overhead: what the engine itself costs per node (validate, plan, schedule, cache
 * keys, fingerprints, events) on graphs of nodes that do nothing, and whether independent
 * branches really overlap. `npx tsx bench/engine.ts`
 */

const noop = defineNode({
  kind: 'bench-noop',
  version: 1,
  title: 'No-op',
  category: 'Bench',
  description: 'Returns its n param plus its inputs (bounded), so a change upstream changes it.',
  icon: '·',
  inputs: [
    { name: 'a', type: 'any', optional: true },
    { name: 'b', type: 'any', optional: true },
  ],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({ n: z.number().default(0) }),
});

const nap = defineNode({
  kind: 'bench-sleep',
  version: 1,
  title: 'Sleep',
  category: 'Bench',
  description: 'Sleeps ms milliseconds.',
  icon: '⏳',
  inputs: [{ name: 'a', type: 'any', optional: true }],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({ ms: z.number() }),
  cache: false,
});

let invocations = 0;
const runtimes = new Map<string, NodeRuntime>([
  [
    noop.kind,
    defineRuntime(noop, async ({ inputs, params }) => {
      invocations++;
      return { out: (params.n + Number(inputs.a ?? 0) + Number(inputs.b ?? 0)) % 1_000_003 };
    }),
  ],
  [nap.kind, defineRuntime(nap, async ({ params, ctx }) => (await sleep(params.ms, undefined, { signal: ctx.signal }), { out: 0 }))],
]);
const definitions = new Map<string, AnyDefinition>([
  [noop.kind, noop],
  [nap.kind, nap],
]);
const registry: NodeRegistry = { definition: (k) => definitions.get(k), runtime: (k) => runtimes.get(k) };

const inst = (id: string, kind: string, params: Record<string, unknown>): NodeInstance => ({ id, kind, params, position: { x: 0, y: 0 } });
const wire = (from: string, to: string, port: string): Edge => ({
  id: `${from}-${to}-${port}`,
  from: { node: from, port: 'out' },
  to: { node: to, port },
});
const doc = (id: string, nodes: NodeInstance[], edges: Edge[]): Pipeline => ({ format: FORMAT, id, name: id, nodes, edges });

export function chain(n: number, changedAt = -1): Pipeline {
  const nodes = Array.from({ length: n }, (_, i) => inst(`n${i}`, noop.kind, { n: i === changedAt ? -1 : i }));
  const edges = nodes.slice(1).map((_, i) => wire(`n${i}`, `n${i + 1}`, 'a'));
  return doc('chain', nodes, edges);
}

export function fanOut(n: number): Pipeline {
  const nodes = Array.from({ length: n }, (_, i) => inst(`n${i}`, noop.kind, { n: i }));
  const edges = nodes.slice(1).map((_, i) => wire('n0', `n${i + 1}`, 'a'));
  return doc('fan-out', nodes, edges);
}

/** `side` layers of `side` nodes; each node after the first layer reads two of the layer before. */
export function lattice(side: number): Pipeline {
  const id = (layer: number, j: number) => `l${layer}_${j}`;
  const nodes: NodeInstance[] = [];
  const edges: Edge[] = [];
  for (let layer = 0; layer < side; layer++) {
    for (let j = 0; j < side; j++) {
      nodes.push(inst(id(layer, j), noop.kind, { n: layer * side + j }));
      if (layer === 0) continue;
      edges.push(wire(id(layer - 1, j), id(layer, j), 'a'), wire(id(layer - 1, (j + 1) % side), id(layer, j), 'b'));
    }
  }
  return doc('lattice', nodes, edges);
}

/** An engine over the no-op kinds: memory cache, no pty, workspaces under `root`. */
export function makeBenchEngine(root: string, cache = new MemoryCache()): Engine {
  return new Engine({
    registry,
    cache,
    pty: { run: () => Promise.reject(new Error('no pty in the benchmark')) },
    workspaceRoot: root,
    loadPipeline: (ref) => {
      throw new Error(`no pipeline ${ref} in the benchmark`);
    },
  });
}

async function timed(engine: Engine, pipeline: Pipeline, options: Partial<RunOptions> = {}) {
  let events = 0;
  const began = process.hrtime.bigint();
  const summary = await engine.run(pipeline, { projectId: 'bench', onEvent: () => void events++, ...options }).done;
  const ms = Number(process.hrtime.bigint() - began) / 1e6;
  if (summary.status !== 'succeeded') throw new Error(`${pipeline.id} run ${summary.status}`);
  return { ms, events };
}

const GOAL_US = 20;
const REPEATS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** µs per node of a first run (fresh cache, all execute) and of a re-run (all cached). */
async function overhead(name: string, pipeline: Pipeline, root: string): Promise<{ first: number; cached: number }> {
  const first: number[] = [];
  const cached: number[] = [];
  const n = pipeline.nodes.length;
  for (let i = 0; i < REPEATS; i++) {
    const engine = makeBenchEngine(root);
    invocations = 0;
    first.push(((await timed(engine, pipeline)).ms * 1000) / n);
    const ran = invocations;
    invocations = 0;
    cached.push(((await timed(engine, pipeline)).ms * 1000) / n);
    if (ran !== n || invocations !== 0) throw new Error(`${name}: ${ran} of ${n} ran first, ${invocations} on re-run`);
  }
  return { first: median(first), cached: median(cached) };
}

export async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'pipewright-bench-'));
  try {
    const graphs = [
      ['chain', chain(10_000)],
      ['fan-out 1 → 9,999', fanOut(10_000)],
      ['lattice 100 × 100', lattice(100)],
    ] as const;
    // Warm the JIT on the same shapes so the figures describe a running app, not start-up.
    for (const [, pipeline] of graphs) await timed(makeBenchEngine(root), pipeline);

    console.log(`engine overhead per node: no-op nodes, in-memory cache, events on, median of ${REPEATS}`);
    console.log('graph                         nodes   first run µs/node   re-run (cached) µs/node');
    let worst = 0;
    for (const [name, pipeline] of graphs) {
      const { first, cached } = await overhead(name, pipeline, root);
      worst = Math.max(worst, first, cached);
      console.log(
        `${name.padEnd(28)}${String(pipeline.nodes.length).padStart(6)}   ${first.toFixed(1).padStart(17)}   ${cached.toFixed(1).padStart(23)}`,
      );
    }
    console.log(`worst ${worst.toFixed(1)} µs/node (goal ≤ ${GOAL_US}): ${worst <= GOAL_US ? 'met' : 'MISSED'}`);

    const sleepers = doc(
      'sleepers',
      Array.from({ length: 8 }, (_, i) => inst(`s${i}`, nap.kind, { ms: 1000 })),
      [],
    );
    const wide = await timed(makeBenchEngine(root), sleepers, { concurrency: 8 });
    const narrow = await timed(makeBenchEngine(root), sleepers, { concurrency: 1 });
    console.log(
      `fan-out of 8 × 1 s sleeps: ${(wide.ms / 1000).toFixed(2)} s at concurrency 8, ${(narrow.ms / 1000).toFixed(2)} s at concurrency 1 (×${(narrow.ms / wide.ms).toFixed(1)})`,
    );

    const engine = makeBenchEngine(root);
    await timed(engine, chain(10_000));
    invocations = 0;
    await timed(engine, chain(10_000, 5_000));
    console.log(`selective re-run: changing node 5,000 of a 10,000-node chain re-ran ${invocations} nodes (expected 5,000)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

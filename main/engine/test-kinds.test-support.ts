import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type CapabilityFactory,
  defineNode,
  defineRuntime,
  FORMAT,
  NodeError,
  type AnyDefinition,
  type Edge,
  type NodeInstance,
  type NodeRuntime,
  type Pipeline,
  type PtyApi,
} from '../../nodes/sdk';
import { pipelineInputDefinition } from '../../nodes/pipeline-input/definition';
import { pipelineInputRuntime } from '../../nodes/pipeline-input/runtime';
import { pipelineOutputDefinition } from '../../nodes/pipeline-output/definition';
import { pipelineOutputRuntime } from '../../nodes/pipeline-output/runtime';
import { pipelineDefinition } from '../../nodes/pipeline/definition';
import { pipelineRuntime } from '../../nodes/pipeline/runtime';
import { Engine } from './engine';
import type { EngineEvent } from './events';
import { MemoryCache } from './memory-cache';
import type { NodeRegistry, ResultCache, RunOptions } from './types';

/*
 * Small node kinds for exercising the engine: they do real work (timers, files, errors) and
 * record what happened to them, so tests can count invocations and see signals.
 */

const anyIn = (name: string) => ({ name, type: 'any' as const, optional: true });

export const noopDefinition = defineNode({
  kind: 'noop',
  version: 1,
  title: 'No-op',
  category: 'Test',
  description: 'Returns its `n` param plus the numbers on its inputs.',
  icon: '·',
  inputs: [anyIn('a'), anyIn('b')],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({ n: z.number().default(0) }),
});

export const sleepDefinition = defineNode({
  kind: 'sleep',
  version: 1,
  title: 'Sleep',
  category: 'Test',
  description: 'Waits `ms` milliseconds (or until its signal aborts), then passes `n` on.',
  icon: '⏳',
  inputs: [anyIn('a')],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({ ms: z.number().int().min(0), n: z.number().default(0) }),
  cache: false,
});

export const failDefinition = defineNode({
  kind: 'fail',
  version: 1,
  title: 'Fail',
  category: 'Test',
  description: 'Throws NodeError for its first `times` attempts (all of them when unset), then returns.',
  icon: '✗',
  inputs: [anyIn('a')],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({ message: z.string().default('broken'), times: z.number().int().optional(), plain: z.boolean().default(false) }),
  cache: false,
});

export const textDefinition = defineNode({
  kind: 'echo',
  version: 1,
  title: 'Echo',
  category: 'Test',
  description: 'Joins its `text` param and its input into a text output.',
  icon: 'T',
  inputs: [{ name: 'in', type: 'text', optional: true }],
  outputs: [{ name: 'text', type: 'text' }],
  params: z.object({ text: z.string().default(''), wrong: z.boolean().default(false) }),
});

export const writeDefinition = defineNode({
  kind: 'write',
  version: 1,
  title: 'Write files',
  category: 'Test',
  description: 'Creates a fresh workspace holding `files`.',
  icon: '📁',
  inputs: [],
  outputs: [{ name: 'ws', type: 'workspace' }],
  params: z.object({ files: z.record(z.string(), z.string()).default({}) }),
});

export const readDefinition = defineNode({
  kind: 'read',
  version: 1,
  title: 'Read workspace',
  category: 'Test',
  description: 'Requires a workspace input and lists its path.',
  icon: '📖',
  inputs: [{ name: 'ws', type: 'workspace' }],
  outputs: [{ name: 'path', type: 'text' }],
  params: z.object({}),
});

export const nestDefinition = defineNode({
  kind: 'nest',
  version: 1,
  title: 'Nest',
  category: 'Test',
  description: 'Calls ctx.runSubpipeline on `ref` without the subpipeline role (no validation-time check).',
  icon: '↪',
  inputs: [],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({ ref: z.string() }),
  cache: false,
});

export const cmdDefinition = defineNode({
  kind: 'cmd',
  version: 1,
  title: 'Command',
  category: 'Test',
  description: 'Runs `command` under the pty in a fresh workspace, streaming its output to the log.',
  icon: '$',
  inputs: [anyIn('a')],
  outputs: [{ name: 'out', type: 'any' }],
  params: z.object({ command: z.string() }),
  cache: false,
});

/** What the test kinds saw, per registry. */
export interface Recorder {
  /** Node id of every runtime invocation, in order. */
  calls: string[];
  /** Node ids whose ctx.signal was aborted while they waited. */
  aborted: string[];
  /** Highest number of runtimes running at once. */
  maxRunning: number;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** The test kinds, plus `extra` kinds a test defines for itself. */
export function testRegistry(extra: [AnyDefinition, NodeRuntime][] = []): { registry: NodeRegistry; recorder: Recorder } {
  const recorder: Recorder = { calls: [], aborted: [], maxRunning: 0 };
  let running = 0;
  const tracked = (run: NodeRuntime['run']): NodeRuntime => ({
    async run(args) {
      recorder.calls.push(args.ctx.nodeId);
      recorder.maxRunning = Math.max(recorder.maxRunning, ++running);
      try {
        return await run(args);
      } finally {
        running--;
      }
    },
  });
  const attempts = new Map<string, number>();
  const pairs: [AnyDefinition, NodeRuntime][] = [
    [
      noopDefinition,
      tracked(defineRuntime(noopDefinition, async ({ inputs, params }) => ({ out: params.n + num(inputs.a) + num(inputs.b) })).run),
    ],
    [
      sleepDefinition,
      tracked(
        defineRuntime(sleepDefinition, async ({ inputs, params, ctx }) => {
          try {
            await sleep(params.ms, undefined, { signal: ctx.signal });
          } catch (err) {
            recorder.aborted.push(ctx.nodeId);
            throw err;
          }
          return { out: params.n + num(inputs.a) };
        }).run,
      ),
    ],
    [
      failDefinition,
      tracked(
        defineRuntime(failDefinition, async ({ params, ctx }) => {
          const n = (attempts.get(ctx.nodeId) ?? 0) + 1;
          attempts.set(ctx.nodeId, n);
          if (params.times === undefined || n <= params.times) {
            if (params.plain) throw new Error(params.message);
            throw new NodeError(params.message, `attempt ${n}`);
          }
          return { out: n };
        }).run,
      ),
    ],
    [
      textDefinition,
      tracked(
        defineRuntime(textDefinition, async ({ inputs, params }) =>
          params.wrong ? { text: 42 } : { text: `${params.text}${inputs.in ?? ''}` },
        ).run,
      ),
    ],
    [
      writeDefinition,
      tracked(
        defineRuntime(writeDefinition, async ({ params, ctx }) => {
          const path = await ctx.workspace();
          for (const [name, content] of Object.entries(params.files)) writeFileSync(join(path, name), content);
          return { ws: { path } };
        }).run,
      ),
    ],
    [readDefinition, tracked(defineRuntime(readDefinition, async ({ inputs }) => ({ path: (inputs.ws as { path: string }).path })).run)],
    [
      nestDefinition,
      tracked(
        defineRuntime(nestDefinition, async ({ params, ctx }) => ({
          out: await ctx.runSubpipeline(ctx.loadPipeline(params.ref), {}),
        })).run,
      ),
    ],
    [
      cmdDefinition,
      tracked(
        defineRuntime(cmdDefinition, async ({ params, ctx }) => {
          const result = await ctx.pty.run({
            command: params.command,
            cwd: await ctx.workspace(),
            signal: ctx.signal,
            onData: (chunk) => ctx.log(chunk),
          });
          return { out: result.exitCode };
        }).run,
      ),
    ],
    [pipelineInputDefinition, tracked(pipelineInputRuntime.run)],
    [pipelineOutputDefinition, tracked(pipelineOutputRuntime.run)],
    [pipelineDefinition, tracked(pipelineRuntime.run)],
    ...extra.map(([d, r]): [AnyDefinition, NodeRuntime] => [d, tracked(r.run)]),
  ];
  const defs = new Map(pairs.map(([d]) => [d.kind, d]));
  const runtimes = new Map(pairs.map(([d, r]) => [d.kind, r]));
  return {
    registry: { definition: (k) => defs.get(k), runtime: (k) => runtimes.get(k) },
    recorder,
  };
}

/** Shorthand for nodes: `node('a', 'noop', { n: 1 })`. */
export function node(id: string, kind: string, params: Record<string, unknown> = {}, extra: Partial<NodeInstance> = {}): NodeInstance {
  return { id, kind, params, position: { x: 0, y: 0 }, ...extra };
}

/** Shorthand for edges: `edge('a.out', 'b.a')`. */
export function edge(from: string, to: string, id = `${from}->${to}`): Edge {
  const [fn, fp] = from.split('.');
  const [tn, tp] = to.split('.');
  return { id, from: { node: fn, port: fp }, to: { node: tn, port: tp } };
}

export function pipeline(id: string, nodes: NodeInstance[], edges: Edge[] = [], extra: Partial<Pipeline> = {}): Pipeline {
  return { format: FORMAT, id, name: id, nodes, edges, ...extra };
}

/** A PtyApi for engine tests whose nodes never start processes. */
const noPty: PtyApi = {
  run: () => Promise.reject(new Error('this engine test gives its nodes no pty')),
};

export interface TestEngine {
  engine: Engine;
  recorder: Recorder;
  /** The memory cache (unused when a store's cache was passed in). */
  cache: MemoryCache;
  root: string;
  pipelines: Map<string, Pipeline>;
  /** Runs to the end, collecting events. */
  run(doc: Pipeline, options?: Partial<RunOptions>): Promise<{ summary: Awaited<ReturnType<Engine['run']>['done']>; events: EngineEvent[] }>;
  dispose(): void;
}

/**
 * An engine over the test kinds, a temporary workspace root and named pipelines; results go to
 * `cache` when given (a real store), else to a memory cache.
 */
export function testEngine(
  options: {
    pty?: PtyApi;
    cache?: ResultCache;
    kinds?: [AnyDefinition, NodeRuntime][];
    capabilities?: CapabilityFactory;
  } = {},
): TestEngine {
  const { registry, recorder } = testRegistry(options.kinds);
  const memory = new MemoryCache();
  const cache = options.cache ?? memory;
  const pty = options.pty ?? noPty;
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'pipewright-engine-')));
  const pipelines = new Map<string, Pipeline>();
  const engine = new Engine({
    registry,
    cache,
    pty,
    workspaceRoot: root,
    capabilities: options.capabilities,
    loadPipeline: (ref) => {
      const doc = pipelines.get(ref);
      if (!doc) throw new Error(`pipeline "${ref}" not found`);
      return doc;
    },
  });
  return {
    engine,
    recorder,
    cache: memory,
    root,
    pipelines,
    async run(doc, options = {}) {
      const events: EngineEvent[] = [];
      const handle = engine.run(doc, { projectId: 'p', onEvent: (e) => events.push(e), ...options });
      return { summary: await handle.done, events };
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

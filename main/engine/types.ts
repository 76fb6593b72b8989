import type { AnyDefinition, CapabilityFactory, NodeRuntime, Pipeline, PtyApi } from '../../nodes/sdk';
import type { EngineEventListener, RunScope } from './events';

/** Kind → definition and runtime. The engine learns node kinds only from this. */
export interface NodeRegistry {
  definition(kind: string): AnyDefinition | undefined;
  runtime(kind: string): NodeRuntime | undefined;
}

/** Who made a result: a project and a node in it (`outer/inner` for a sub-pipeline's node). */
export interface ResultOwner {
  projectId: string;
  nodeId: string;
}

export interface CachedResult {
  outputs: Record<string, unknown>;
  outputFingerprints: Record<string, string>;
  /**
   * Who made it. A result whose outputs name a place (a folder, a service) is that owner's:
   * anyone else gets a copy or runs the node. Results stored before owners were recorded have none.
   */
  owner?: ResultOwner;
}

/**
 * Where node results are kept between runs (SQLite in the app, a Map in benchmarks), one per
 * cache key and owner.
 */
export interface ResultCache {
  /** The result stored under `key`: `owner`'s own when there is one, else another owner's. */
  get(key: string, owner?: ResultOwner): CachedResult | undefined;
  /** Stores `result` as `result.owner`'s; without one, as the project's, node unknown. */
  put(key: string, kind: string, projectId: string, result: CachedResult): void;
  /**
   * The key of the result `owner` made (or copied in) last, if known. A node's own folders hold
   * that result's files, not those of an older result of the same node.
   */
  lastMade?(owner: ResultOwner): string | undefined;
}

/** Results of an earlier, interrupted attempt of the same run, by node id and cache key. */
export type PriorResults = ReadonlyMap<string, CachedResult & { cacheKey: string }>;

export interface RunOptions {
  projectId: string;
  /** Reuse this id (resume); a new one is made otherwise. */
  runId?: string;
  scope?: RunScope;
  /** Most nodes running at once (default 4). */
  concurrency?: number;
  /** Values for the pipeline's declared inputs, by name. */
  inputs?: Record<string, unknown>;
  /** Stop scheduling anything new after the first failure. */
  failFast?: boolean;
  /** Node results stored by an interrupted attempt of this run, reused whatever the cache says. */
  prior?: PriorResults;
  signal?: AbortSignal;
  onEvent?: EngineEventListener;
}

export interface EngineDeps {
  registry: NodeRegistry;
  cache: ResultCache;
  pty: PtyApi;
  /** Where node workspaces live: `<root>/<projectId>/<nodeId>[-name]`. */
  workspaceRoot: string;
  /** Resolves a pipeline `ref` (a saved pipeline id or a template path). */
  loadPipeline(ref: string): Pipeline;
  /** Docker, git, LLMs, secrets and services for each node attempt (none by default). */
  capabilities?: CapabilityFactory;
  /**
   * Called once a run has settled (succeeded, failed or cancelled), before its result is
   * handed out: the host removes what the run started and nobody kept. Its errors are logged,
   * never fail the run.
   */
  afterRun?: (runId: string) => Promise<void>;
  /**
   * How long a cancelled or timed-out node's runtime may take to stop before the run goes on
   * without it (ms, default STOP_GRACE_MS).
   */
  stopGraceMs?: number;
  /** Clock for event timestamps (ms); Date.now by default. */
  now?: () => number;
}

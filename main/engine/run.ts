import type { LogStream, NodeProgress, PinnedOutputs, Pipeline, TaskProgress } from '../../nodes/sdk';
import { runAttempt, type AttemptResult } from './attempt';
import type { ContextHost } from './context';
import { errorText } from './errors';
import type { EngineEvent } from './events';
import type { CompiledGraph, CompiledNode } from './graph';
import { copyResult, ownerText } from './copy-result';
import { findReusable, nodeCacheKey, reuseMode } from './reuse';
import type { Plan } from './plan';
import type { FinalStatus, NodeSummary } from './run-result';
import type { SlotOwner, SlotPool } from './scheduler';
import type { CachedResult, EngineDeps, PriorResults, ResultOwner } from './types';
import { STOP_GRACE_MS } from './stop-grace';
import { prepareSubpipeline, subpipelineOutputs } from './subpipeline';
import { pinnedLine, pinnedResult } from './pinned';

/** What every level of one run shares: the top pipeline and the sub-pipelines it runs. */
export interface RunShared {
  runId: string;
  projectId: string;
  /** Put before node ids where they name places (placeId). */
  placePrefix: string;
  deps: EngineDeps;
  loadPipeline(ref: string): Pipeline;
  pool: SlotPool;
  now: () => number;
  emit: ((event: EngineEvent) => void) | undefined;
  prior: PriorResults | undefined;
  failFast: boolean;
  /** Set by the first failure under failFast: nothing new starts anywhere in the run. */
  halted: boolean;
  levels: Set<RunLevel>;
  summary: Record<string, NodeSummary>;
}

export interface LevelResult {
  status: 'succeeded' | 'failed' | 'cancelled';
  outputs: Record<string, unknown>;
  failures: { nodeId: string; error: string }[];
}

const WAITING = 0;
const QUEUED = 1;
const RUNNING = 2;
const DONE = 3;

const HALT_REASON = 'not started: an earlier node failed and the run stops at the first failure';

/**
 * One pipeline document being executed: the top pipeline of a run, or a sub-pipeline inside
 * it. Bookkeeping is by node index in typed arrays: a node becomes ready when its count of
 * unsettled incoming edges reaches zero, so a run costs O(nodes + edges).
 */
export class RunLevel implements SlotOwner, ContextHost {
  private readonly n: number;
  private readonly ids: string[];
  private readonly state: Uint8Array;
  private readonly pending: Int32Array;
  private readonly holdsSlot: Uint8Array;
  private readonly status: (FinalStatus | undefined)[];
  private readonly results: (CachedResult | undefined)[];
  private readonly inputs: (Record<string, unknown> | undefined)[];
  private readonly keys: (string | undefined)[];
  /** Results of other owners to copy before running, by node index; made on first need. */
  private foreign?: (CachedResult | undefined)[];
  /** Nodes that handed on their pinned outputs instead of running, by index; made on first need. */
  private pinned?: Uint8Array;
  private work: number[] = [];
  private remaining = 0;
  private cancelled = 0;
  private haltSkipped = 0;
  private readonly failures: { nodeId: string; error: string }[] = [];
  private readonly outputs: Record<string, unknown> = {};
  private resolve?: (result: LevelResult) => void;
  private finished = false;

  constructor(
    private readonly shared: RunShared,
    private readonly graph: CompiledGraph,
    private readonly plan: Plan,
    private readonly prefix: string,
    /** Ids of the pipelines from the top down to this one. */
    private readonly chain: readonly string[],
    readonly pipelineInputs: Readonly<Record<string, unknown>>,
    private readonly signal: AbortSignal,
  ) {
    const n = (this.n = graph.nodes.length);
    this.ids = prefix ? graph.nodes.map((x) => prefix + x.id) : graph.nodes.map((x) => x.id);
    this.state = new Uint8Array(n);
    this.pending = new Int32Array(n);
    this.holdsSlot = new Uint8Array(n);
    this.status = new Array(n);
    this.results = new Array(n);
    this.inputs = new Array(n);
    this.keys = new Array(n);
  }

  get runId(): string {
    return this.shared.runId;
  }
  get projectId(): string {
    return this.shared.projectId;
  }
  get pty() {
    return this.shared.deps.pty;
  }
  get capabilities() {
    return this.shared.deps.capabilities;
  }
  get workspaceRoot(): string {
    return this.shared.deps.workspaceRoot;
  }
  loadPipeline(ref: string): Pipeline {
    return this.shared.loadPipeline(ref);
  }

  placeId(nodeId: string): string {
    return this.shared.placePrefix + nodeId;
  }

  /** Who the node's folders, results and services belong to. */
  private owner(i: number): ResultOwner {
    return { projectId: this.shared.projectId, nodeId: this.placeId(this.ids[i]) };
  }

  start(): Promise<LevelResult> {
    const { emit, now, runId } = this.shared;
    const { selected } = this.plan;
    const promise = new Promise<LevelResult>((resolve) => (this.resolve = resolve));
    for (let i = 0; i < this.n; i++) {
      if (!selected[i]) continue;
      this.remaining++;
      this.pending[i] = this.graph.nodes[i].indeg;
      if (emit) emit({ type: 'node-queued', runId, nodeId: this.ids[i], kind: this.graph.nodes[i].inst.kind, at: now() });
    }
    this.shared.levels.add(this);
    this.signal.addEventListener('abort', this.onAbort);
    if (this.signal.aborted) this.onAbort();
    else if (this.shared.halted) this.endPending('skipped', HALT_REASON);
    for (let i = 0; i < this.n; i++) if (selected[i] && this.pending[i] === 0) this.work.push(i);
    this.advance();
    return promise;
  }

  private readonly onAbort = (): void => {
    this.endPending('cancelled', 'cancelled before it started');
    this.advance();
  };

  /** Ends every node that has not started (waiting on inputs or on a slot). */
  endPending(status: 'skipped' | 'cancelled', reason: string): void {
    for (let i = 0; i < this.n; i++) {
      if (!this.plan.selected[i] || this.state[i] > QUEUED) continue;
      if (status === 'skipped') this.haltSkipped++;
      this.finish(i, status, undefined, reason, 0);
    }
  }

  /** Processes newly ready nodes, hands slots out, and resolves once nothing is left. */
  advance(): void {
    const work = this.work;
    for (let h = 0; h < work.length; h++) {
      const i = work[h];
      if (this.state[i] === WAITING) this.decide(i);
    }
    work.length = 0;
    this.shared.pool.pump();
    if (this.remaining === 0 && !this.finished) this.complete();
  }

  private complete(): void {
    this.finished = true;
    this.shared.levels.delete(this);
    this.signal.removeEventListener('abort', this.onAbort);
    const status =
      this.cancelled > 0 ? 'cancelled' : this.failures.length > 0 || this.haltSkipped > 0 ? 'failed' : 'succeeded';
    this.resolve!({ status, outputs: this.outputs, failures: this.failures });
  }

  /** A node whose inputs have all settled: skip it, reuse a result, or queue it to run. */
  private decide(i: number): void {
    const node = this.graph.nodes[i];
    if (node.inst.disabled) return this.finish(i, 'skipped', undefined, 'disabled', 0);
    const pin = node.inst.settings?.pinned;
    if (pin) {
      // Its result is in the document: it needs neither its inputs nor a slot.
      this.state[i] = RUNNING;
      void this.usePin(i, pin);
      return;
    }
    const inputs: Record<string, unknown> = {};
    for (const w of node.wires) {
      const upstream = this.status[w.from];
      if (upstream !== 'succeeded' && upstream !== 'cached') {
        return this.finish(i, 'skipped', undefined, `upstream node "${this.ids[w.from]}" ${upstream}`, 0);
      }
      inputs[w.port] = this.results[w.from]!.outputs[w.fromPort];
    }
    this.inputs[i] = inputs;
    let reused: CachedResult | undefined;
    let mode: 'use' | 'copy' | 'run' = 'use';
    const { prior, deps, emit } = this.shared;
    // A key serves the cache, a resume and the listener (the store records it); without any
    // of them it is not worth a hash.
    if (node.def.cache || prior || emit) {
      try {
        const key = (this.keys[i] = nodeCacheKey(node, this.results, this.pipelineInputs));
        const owner = this.owner(i);
        reused = findReusable(node, this.ids[i], owner, key, this.plan.forced[i] === 1, prior, deps.cache, (err) =>
          this.log(this.ids[i], `result cache unreadable, running instead: ${errorText(err)}\n`, 'info'),
        );
        if (reused) mode = reuseMode(node, reused, owner);
      } catch (err) {
        return this.finish(i, 'failed', undefined, `cannot compute its cache key: ${errorText(err)}`, 0);
      }
    }
    if (reused && mode === 'use') return this.finish(i, 'cached', reused, undefined, 0);
    if (reused && mode === 'copy') (this.foreign ??= new Array(this.n))[i] = reused;
    if (reused && mode === 'run') {
      this.log(this.ids[i], `the stored result of ${ownerText(reused.owner)} names a service, which is not shared; running this node for its own\n`, 'info');
    }
    if (node.def.role === 'subpipeline') {
      // A sub-pipeline only waits on its own nodes, which take slots themselves.
      this.state[i] = RUNNING;
      void this.execute(i);
      return;
    }
    this.state[i] = QUEUED;
    this.shared.pool.enqueue(this, i);
  }

  startQueued(i: number): boolean {
    if (this.state[i] !== QUEUED) return false;
    this.state[i] = RUNNING;
    this.holdsSlot[i] = 1;
    void this.execute(i);
    return true;
  }

  private async execute(i: number): Promise<void> {
    const foreign = this.foreign?.[i];
    if (foreign && (await this.copyForeign(i, foreign))) return;
    const node = this.graph.nodes[i];
    const nodeId = this.ids[i];
    const { emit, now, runId } = this.shared;
    const retries = node.inst.settings?.retries ?? 0;
    const fingerprint = this.fingerprintsWanted(node);
    const startedAt = now();
    let result: AttemptResult;
    try {
      for (let attempt = 1; ; attempt++) {
        if (emit) emit({ type: 'node-started', runId, nodeId, kind: node.inst.kind, attempt, at: attempt === 1 ? startedAt : now() });
        result = await runAttempt(this, this.signal, node, nodeId, this.inputs[i]!, this.shared.deps.stopGraceMs ?? STOP_GRACE_MS, fingerprint);
        // An abandoned runtime may still be at work in the node's folder: no second one beside it.
        if (result.ok || result.cancelled || result.abandoned || attempt > retries || this.shared.halted) break;
        this.log(nodeId, `attempt ${attempt} of ${retries + 1} failed: ${result.error.split('\n')[0]}; trying again\n`, 'info');
      }
    } catch (err) {
      result = { ok: false, cancelled: false, error: `engine error: ${errorText(err)}` };
    }
    this.releaseSlot(i);
    const duration = now() - startedAt;
    if (result.ok) {
      const owner = this.owner(i);
      const stored = { outputs: result.outputs, outputFingerprints: result.fingerprints, owner };
      if (node.def.cache) this.store(node, stored);
      this.finish(i, 'succeeded', stored, undefined, duration, startedAt);
    } else {
      this.finish(i, result.cancelled ? 'cancelled' : 'failed', undefined, result.error, duration, startedAt);
    }
    this.advance();
  }

  /** Whether anything will read the node's output fingerprints: its own cache entry or a listener, a resume, a cached node downstream. */
  private fingerprintsWanted(node: CompiledNode): boolean {
    if (node.def.cache || this.shared.emit || this.shared.prior) return true;
    for (const d of node.out) if (this.graph.nodes[d].def.cache) return true;
    return false;
  }

  private releaseSlot(i: number): void {
    if (!this.holdsSlot[i]) return;
    this.holdsSlot[i] = 0;
    this.shared.pool.release();
  }

  /**
   * Makes another owner's stored result this node's own by copying its folders; true when the
   * node has ended that way (copied, or cancelled meanwhile), false when it must run instead.
   */
  private async copyForeign(i: number, foreign: CachedResult): Promise<boolean> {
    this.foreign![i] = undefined;
    const node = this.graph.nodes[i];
    const nodeId = this.ids[i];
    const { now } = this.shared;
    const startedAt = now();
    let copied: CachedResult;
    try {
      copied = await copyResult(node, foreign, this.owner(i), this.workspaceRoot, this.signal);
    } catch (err) {
      if (this.signal.aborted) {
        this.releaseSlot(i);
        this.finish(i, 'cancelled', undefined, 'cancelled', now() - startedAt, startedAt);
        this.advance();
        return true;
      }
      this.log(nodeId, `the stored result of ${ownerText(foreign.owner)} could not be copied into this node's own folder (${errorText(err)}); running it instead\n`, 'info');
      return false;
    }
    this.log(nodeId, `reused the result of ${ownerText(foreign.owner)}, copied into this node's own folder\n`, 'info');
    this.releaseSlot(i);
    this.store(node, copied);
    this.finish(i, 'cached', copied, undefined, now() - startedAt, startedAt);
    this.advance();
    return true;
  }

  private async usePin(i: number, pin: PinnedOutputs): Promise<void> {
    const nodeId = this.ids[i];
    const { now } = this.shared;
    const startedAt = now();
    try {
      const result = await pinnedResult(this.graph.nodes[i], pin, this.owner(i), this.workspaceRoot);
      this.log(nodeId, pinnedLine(pin), 'info');
      (this.pinned ??= new Uint8Array(this.n))[i] = 1;
      this.finish(i, 'cached', result, undefined, now() - startedAt, startedAt);
    } catch (err) {
      this.finish(i, 'failed', undefined, errorText(err), now() - startedAt, startedAt);
    }
    this.advance();
  }

  private store(node: CompiledNode, result: CachedResult): void {
    try {
      this.shared.deps.cache.put(this.keys[node.index]!, node.def.kind, this.shared.projectId, result);
    } catch (err) {
      this.log(this.ids[node.index], `result not cached: ${errorText(err)}\n`, 'info');
    }
  }

  private finish(
    i: number,
    status: FinalStatus,
    result: CachedResult | undefined,
    error: string | undefined,
    durationMs: number,
    startedAt?: number,
  ): void {
    const node = this.graph.nodes[i];
    const nodeId = this.ids[i];
    this.state[i] = DONE;
    this.status[i] = status;
    this.results[i] = result;
    this.remaining--;
    const pinned = this.pinned?.[i] === 1;
    this.shared.summary[nodeId] = { status, cached: status === 'cached', durationMs, outputs: result?.outputs, error, ...(pinned ? { pinned } : {}) };
    const { emit } = this.shared;
    if (emit) {
      emit({
        type: 'node-finished',
        runId: this.shared.runId,
        nodeId,
        kind: node.inst.kind,
        status,
        outputs: result?.outputs,
        outputFingerprints: result?.outputFingerprints,
        cacheKey: result ? this.keys[i] : undefined,
        error,
        startedAt,
        durationMs,
        ...(pinned ? { pinned } : {}),
        at: this.shared.now(),
      });
    }
    if (status === 'cancelled') this.cancelled++;
    else if (status === 'failed') {
      this.failures.push({ nodeId, error: error ?? 'failed' });
      if (this.shared.failFast && !this.shared.halted) {
        this.shared.halted = true;
        for (const level of this.shared.levels) {
          level.endPending('skipped', HALT_REASON);
          // Another level may have nothing left running to drive it to completion.
          if (level !== this) level.advance();
        }
      }
    } else if (result && node.def.role === 'pipeline-output') {
      this.outputs[String(node.params.name)] = this.inputs[i]?.value;
    }
    const { selected } = this.plan;
    for (const d of node.out) if (selected[d] && --this.pending[d] === 0) this.work.push(d);
  }

  log(nodeId: string, chunk: string, stream: LogStream): void {
    const { emit } = this.shared;
    if (emit) emit({ type: 'node-log', runId: this.shared.runId, nodeId, stream, chunk, at: this.shared.now() });
  }

  task(nodeId: string, task: TaskProgress): void {
    const { emit } = this.shared;
    if (emit) emit({ type: 'node-task', runId: this.shared.runId, nodeId, task, at: this.shared.now() });
  }

  progress(nodeId: string, progress: NodeProgress): void {
    const { emit } = this.shared;
    if (emit) emit({ type: 'node-progress', runId: this.shared.runId, nodeId, progress, at: this.shared.now() });
  }

  async subpipeline(
    index: number,
    nodeId: string,
    doc: Pipeline,
    inputs: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>> {
    // The caller only waits from here on; keeping its slot could starve its own children.
    if (this.holdsSlot[index]) {
      this.holdsSlot[index] = 0;
      this.shared.pool.release();
      this.shared.pool.pump();
    }
    const env = { registry: this.shared.deps.registry, loadPipeline: this.shared.loadPipeline };
    const { graph, plan } = prepareSubpipeline(doc, this.chain, env);
    const child = new RunLevel(this.shared, graph, plan, `${nodeId}/`, [...this.chain, doc.id], inputs, signal);
    return subpipelineOutputs(doc, await child.start(), signal);
  }
}

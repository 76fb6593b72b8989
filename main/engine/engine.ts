import { randomUUID } from 'node:crypto';
import type { Pipeline } from '../../nodes/sdk';
import { ValidationError, type ValidationIssue } from './errors';
import type { EngineEvent } from './events';
import { planScope } from './plan';
import type { RunHandle, RunSummary } from './run-result';
import { RunLevel, type RunShared } from './run';
import { SlotPool } from './scheduler';
import type { CompiledGraph } from './graph';
import { placePrefix } from './context';
import type { EngineDeps, RunOptions } from './types';
import { memoizeLoader, validatePipeline } from './validate';

export { ValidationError, type ValidationIssue } from './errors';
export type { NodeSummary, RunHandle, RunSummary } from './run-result';

/**
 * A document validated once, ready to run: its problems (none when it can run) and what the
 * validation compiled, with the sub-pipelines it read, so the run reads and checks nothing again.
 */
export class PreparedRun {
  /** @internal */
  constructor(
    readonly doc: Pipeline,
    readonly issues: readonly ValidationIssue[],
    readonly graph: CompiledGraph,
    readonly loadPipeline: (ref: string) => Pipeline,
  ) {}
}

/**
 * Validates and runs pipeline documents. It knows node kinds only through `deps.registry`
 * and the roles their definitions declare.
 *
 * Sub-pipelines run inside the run that reached them: same run id, same cache, same event
 * stream (node ids `outer/inner`), and the same concurrency slots. A node that runs a
 * sub-pipeline holds no slot while it waits, so nesting never starves the pool.
 */
export class Engine {
  constructor(private readonly deps: EngineDeps) {}

  /** Every problem that would stop `doc` from running, sub-pipelines included (any depth). */
  validate(doc: Pipeline): ValidationIssue[] {
    return [...this.prepare(doc).issues];
  }

  /** Validates `doc` for a run: hand the result to `run` so the document is checked once. */
  prepare(doc: Pipeline): PreparedRun {
    const loadPipeline = memoizeLoader(this.deps.loadPipeline);
    const { graph, issues } = validatePipeline(doc, { registry: this.deps.registry, loadPipeline });
    return new PreparedRun(doc, issues, graph, loadPipeline);
  }

  /**
   * Starts a run. Throws ValidationError (nothing has run) when the document has problems or
   * the scope names a missing node. Node failures do not reject `done`: they are in the summary.
   */
  run(target: Pipeline | PreparedRun, options: RunOptions): RunHandle {
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number of at least 1 (got ${concurrency})`);
    }
    const { doc, graph, issues, loadPipeline } = target instanceof PreparedRun ? target : this.prepare(target);
    if (issues.length) throw new ValidationError([...issues]);
    const scope = options.scope ?? { kind: 'all' };
    const plan = planScope(graph, scope);

    const runId = options.runId ?? randomUUID();
    const now = this.deps.now ?? Date.now;
    const controller = new AbortController();
    const outer = options.signal;
    const forward = () => controller.abort(outer?.reason);
    if (outer?.aborted) forward();
    else outer?.addEventListener('abort', forward, { once: true });

    const listener = options.onEvent;
    let listenerFailed = false;
    const emit = listener
      ? (event: EngineEvent) => {
          try {
            listener(event);
          } catch (err) {
            // A faulty listener must not leave nodes running or the run unfinished.
            if (!listenerFailed) console.error('run event listener failed:', err);
            listenerFailed = true;
          }
        }
      : undefined;

    const shared: RunShared = {
      runId,
      projectId: options.projectId,
      placePrefix: placePrefix(options.projectId, doc.id),
      deps: this.deps,
      loadPipeline,
      pool: new SlotPool(concurrency),
      now,
      emit,
      prior: options.prior,
      failFast: options.failFast ?? false,
      halted: false,
      levels: new Set(),
      summary: {},
    };
    emit?.({
      type: 'run-started',
      runId,
      projectId: options.projectId,
      pipelineId: doc.id,
      scope,
      resumed: options.prior !== undefined,
      at: now(),
    });
    const top = new RunLevel(shared, graph, plan, '', [doc.id], options.inputs ?? {}, controller.signal);
    const afterRun = this.deps.afterRun;
    const settled = afterRun
      ? top.start().then(async (result) => {
          await afterRun(runId).catch((err: unknown) => console.error(`run ${runId}: clean-up after the run failed:`, err));
          return result;
        })
      : top.start();
    const done = settled.then((result): RunSummary => {
      outer?.removeEventListener('abort', forward);
      const failed = result.failures;
      const error =
        result.status === 'failed'
          ? failed.length
            ? `${failed.length} node${failed.length === 1 ? '' : 's'} failed: ${failed.map((f) => f.nodeId).join(', ')}`
            : 'stopped after a failure'
          : result.status === 'cancelled'
            ? 'cancelled'
            : undefined;
      emit?.({ type: 'run-finished', runId, status: result.status, outputs: result.outputs, error, at: now() });
      return { runId, status: result.status, outputs: result.outputs, nodes: shared.summary };
    });
    return {
      runId,
      done,
      cancel: (reason?: string) => controller.abort(new Error(reason ?? 'cancelled')),
    };
  }
}

import { randomUUID } from 'node:crypto';
import type { Pipeline } from '../../nodes/sdk';
import { ValidationError, type ValidationIssue } from './errors';
import type { EngineEvent } from './events';
import { planScope } from './plan';
import type { RunHandle, RunSummary } from './run-result';
import { RunLevel, type RunShared } from './run';
import { SlotPool } from './scheduler';
import type { EngineDeps, RunOptions } from './types';
import { memoizeLoader, validatePipeline } from './validate';

export { ValidationError, type ValidationIssue } from './errors';
export type { NodeSummary, RunHandle, RunSummary } from './run-result';

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
    const loadPipeline = memoizeLoader(this.deps.loadPipeline);
    return validatePipeline(doc, { registry: this.deps.registry, loadPipeline }).issues;
  }

  /**
   * Starts a run. Throws ValidationError (nothing has run) when the document has problems or
   * the scope names a missing node. Node failures do not reject `done`: they are in the summary.
   */
  run(doc: Pipeline, options: RunOptions): RunHandle {
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number of at least 1 (got ${concurrency})`);
    }
    const loadPipeline = memoizeLoader(this.deps.loadPipeline);
    const { graph, issues } = validatePipeline(doc, { registry: this.deps.registry, loadPipeline });
    if (issues.length) throw new ValidationError(issues);
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

import { randomUUID } from 'node:crypto';
import type { Pipeline } from '../nodes/sdk';
import { ValidationError } from './engine/errors';
import { inputLimitProblem } from './engine/param-limits';
import type { EngineEvent, EngineEventListener, RunScope } from './engine/events';
import type { RunHandle } from './engine/run-result';
import type { PriorResults } from './engine/types';
import type { Host } from './host';
import { redactEvents } from './store/redacted-events';
import { keepRunFiles } from './run-files';

export interface StartRunOptions {
  doc: Pipeline;
  projectId: string;
  scope?: RunScope;
  inputs?: Record<string, unknown>;
  concurrency?: number;
  failFast?: boolean;
  /** Continue this earlier run: same id, every node result it stored reused. */
  resumeRunId?: string;
  /** Sees every event after the store has queued it. */
  onEvent?: EngineEventListener;
}

export interface StartedRun {
  runId: string;
  handle: RunHandle;
  resumed: boolean;
}

/**
 * Starts a run the way every front end does (CLI, IPC, WebSocket): validate, record the run with
 * its document before anything runs, send every event to the store's recorder and then to the
 * caller, and hand the engine the prior results of a resumed run. Throws ValidationError, with
 * nothing recorded, when the document cannot run.
 */
export function startRun(host: Host, options: StartRunOptions): StartedRun {
  const { doc, projectId } = options;
  const scope = options.scope ?? { kind: 'all' };
  // Checked once here; the engine runs what this compiled.
  const prepared = host.engine.prepare(doc);
  const issues = [...prepared.issues];
  if (scope.kind !== 'all' && !doc.nodes.some((n) => n.id === scope.nodeId)) {
    const how = scope.kind === 'from' ? 'from' : scope.kind === 'upTo' ? 'up to' : 'only';
    issues.push({
      code: 'unknown-scope-node',
      nodeId: scope.nodeId,
      message: `cannot run ${how} node "${scope.nodeId}": the pipeline "${doc.id}" has no node with that id`,
    });
  }
  // The run is recorded with its inputs: one SQLite cannot store is refused, whoever passed it.
  const tooDeep = inputLimitProblem(options.inputs ?? {});
  if (tooDeep) issues.push({ code: 'input-limit', field: `inputs.${tooDeep.input}`, message: tooDeep.message });
  if (issues.length) throw new ValidationError(issues);

  let runId: string = randomUUID();
  let prior: PriorResults | undefined;
  if (options.resumeRunId !== undefined) {
    runId = options.resumeRunId;
    prior = host.store.runs.priorResults(runId);
  }
  const record = host.store.runs.recorder();
  const listener = options.onEvent;
  const keepFiles = keepRunFiles(host.home, projectId);
  // Secret values never reach the store, the CLI or the UI, whichever node printed them.
  const onEvent = redactEvents(host.store.secrets, (event: EngineEvent) => {
    record(event);
    keepFiles(event);
    listener?.(event);
  });
  host.store.runs.begin({
    runId,
    projectId,
    pipelineId: doc.id,
    doc,
    scope,
    inputs: options.inputs ?? {},
    resumed: prior !== undefined,
  });
  let handle: RunHandle;
  try {
    handle = host.engine.run(prepared, {
      projectId,
      runId,
      scope,
      concurrency: options.concurrency,
      inputs: options.inputs,
      prior,
      failFast: options.failFast,
      onEvent,
    });
  } catch (err) {
    // begin() wrote a running row; close it so the history does not show a run that never ends.
    onEvent({ type: 'run-finished', runId, status: 'failed', outputs: {}, error: (err as Error).message, at: Date.now() });
    throw err;
  }
  return { runId, handle, resumed: prior !== undefined };
}

import type { Pipeline } from '../../nodes/sdk';
import type { CallHandlers, RunDetail } from '../../preload/contract';
import type { EngineEvent, EngineEventListener, RunScope } from '../engine/events';
import type { RunHandle } from '../engine/run-result';
import { diagnoseAnswer, diagnoseRun } from '../diagnose';
import { fixAndRerun } from '../diagnose/fix';
import type { Host } from '../host';
import { startRun } from '../run-pipeline';

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

interface ActiveRun {
  pipelineId: string;
  handle: RunHandle;
}

export interface RunRequest {
  doc: Pipeline;
  projectId: string;
  scope?: RunScope;
  inputs?: Record<string, unknown>;
}

/**
 * Runs started from the UI or the HTTP API. Each run's events go to the store (through
 * startRun), to every connected UI and to the API's event streams; the run itself belongs to
 * main, so closing or reloading a window does not stop it.
 */
export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  private readonly listeners = new Set<EngineEventListener>();
  private readonly settled = new Set<() => void>();

  constructor(
    private readonly host: Host,
    private readonly emit: (event: EngineEvent) => void,
  ) {}

  /** Validates and starts a saved document; throws ValidationError, with nothing recorded, when it cannot run. */
  start({ doc, projectId, scope, inputs }: RunRequest): string {
    const { runId, handle } = startRun(this.host, {
      doc,
      projectId,
      scope,
      inputs,
      onEvent: (event) => {
        this.emit(event);
        for (const listener of this.listeners) {
          try {
            listener(event);
          } catch (err) {
            // A stream that cannot take an event is that stream's problem, never the run's.
            console.error(`pipewright: a run event listener failed: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      },
    });
    this.active.set(runId, { pipelineId: doc.id, handle });
    handle.done
      .catch((err: unknown) => console.error(`pipewright: run ${runId} failed unexpectedly`, err))
      .finally(() => {
        this.active.delete(runId);
        for (const listener of this.settled) listener();
      });
    return runId;
  }

  /** Runs of this process still going. */
  get activeCount(): number {
    return this.active.size;
  }

  /** Called each time a run of this process has ended and let go of everything (the queue starts the next). */
  onSettled(listener: () => void): void {
    this.settled.add(listener);
  }

  /** Asks a run of this process to stop; false when it is not running here. */
  cancel(runId: string, reason: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.handle.cancel(reason);
    return true;
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** Sees every event of the runs started here, after the store has queued it. Returns the unsubscribe. */
  subscribe(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  handlers(): Handlers<'runs.start' | 'runs.cancel' | 'runs.active' | 'runs.list' | 'runs.get' | 'runs.logs' | 'runs.transcript' | 'runs.diagnose' | 'runs.fix'> {
    const { store } = this.host;
    return {
      'runs.start': ({ projectId, doc, scope, inputs }) => {
        // The document the UI shows is the one that runs, and it is saved first.
        store.pipelines.save(doc, projectId);
        return { runId: this.start({ doc, projectId, scope, inputs }) };
      },
      'runs.cancel': ({ runId }) => ({ cancelled: this.cancel(runId, 'cancelled from the editor') }),
      'runs.active': ({ pipelineId }) =>
        [...this.active.entries()]
          .filter(([, run]) => run.pipelineId === pipelineId)
          .map(([runId]) => this.detail(runId)),
      'runs.list': ({ pipelineId, limit }) => store.runs.list({ pipelineId, limit }),
      'runs.get': ({ runId }) => this.detail(runId),
      'runs.logs': ({ runId, nodeId }) => store.runs.logs(runId, nodeId),
      'runs.transcript': ({ runId, nodeId }) => store.transcripts.list(runId, nodeId).map(({ conversation, message, at }) => ({ conversation, message, at })),
      'runs.diagnose': async ({ runId, nodeId, model }) => diagnoseAnswer(await diagnoseRun(store, runId, nodeId, { model, builtin: this.host.builtin })),
      'runs.fix': async ({ runId, nodeId, model }) => {
        const { diagnosis, fixRun, rerun } = await fixAndRerun(this.host, runId, nodeId, { model, onEvent: this.emit });
        return { diagnosis, fixRun, ...(rerun ? { rerun } : {}) };
      },
    };
  }

  detail(runId: string): RunDetail {
    const record = this.host.store.runs.get(runId);
    if (!record) throw new Error(`no run "${runId}": it may belong to a deleted project`);
    const { doc, ...run } = record;
    return { run, ...(doc ? { doc } : {}), nodes: this.host.store.runs.nodeRuns(runId) };
  }

  /** Cancels every run still going and waits for them to stop (quit, server shutdown). */
  async stopAll(): Promise<void> {
    const runs = [...this.active.values()];
    for (const run of runs) run.handle.cancel('Pipewright is closing');
    await Promise.allSettled(runs.map((r) => r.handle.done));
  }
}

import type { CallHandlers, RunDetail } from '../../preload/contract';
import type { EngineEvent } from '../engine/events';
import type { RunHandle } from '../engine/run-result';
import type { Host } from '../host';
import { startRun } from '../run-pipeline';

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

interface ActiveRun {
  pipelineId: string;
  handle: RunHandle;
}

/**
 * Runs started from the UI. Each run's events go to the store (through startRun) and to every
 * connected UI; the run itself belongs to main, so closing or reloading a window does not stop it.
 */
export class RunManager {
  private readonly active = new Map<string, ActiveRun>();

  constructor(
    private readonly host: Host,
    private readonly emit: (event: EngineEvent) => void,
  ) {}

  handlers(): Handlers<'runs.start' | 'runs.cancel' | 'runs.active' | 'runs.list' | 'runs.get' | 'runs.logs'> {
    const { store } = this.host;
    return {
      'runs.start': ({ projectId, doc, scope, inputs }) => {
        // The document the UI shows is the one that runs, and it is saved first.
        store.pipelines.save(doc, projectId);
        const { runId, handle } = startRun(this.host, { doc, projectId, scope, inputs, onEvent: this.emit });
        this.active.set(runId, { pipelineId: doc.id, handle });
        handle.done
          .catch((err: unknown) => console.error(`pipewright: run ${runId} failed unexpectedly`, err))
          .finally(() => this.active.delete(runId));
        return { runId };
      },
      'runs.cancel': ({ runId }) => {
        const run = this.active.get(runId);
        if (!run) return { cancelled: false };
        run.handle.cancel('cancelled from the editor');
        return { cancelled: true };
      },
      'runs.active': ({ pipelineId }) =>
        [...this.active.entries()]
          .filter(([, run]) => run.pipelineId === pipelineId)
          .map(([runId]) => this.detail(runId)),
      'runs.list': ({ pipelineId, limit }) => store.runs.list({ pipelineId, limit }),
      'runs.get': ({ runId }) => this.detail(runId),
      'runs.logs': ({ runId, nodeId }) => store.runs.logs(runId, nodeId),
    };
  }

  private detail(runId: string): RunDetail {
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

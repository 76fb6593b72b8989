import type { Pipeline } from '../../nodes/sdk';
import type { RunManager } from '../api/runs';
import type { EngineEvent, EngineEventListener } from '../engine/events';
import type { Host } from '../host';
import { startRun } from '../run-pipeline';

export interface RunRequest {
  doc: Pipeline;
  projectId: string;
  inputs: Record<string, unknown>;
}

export interface StartedToolRun {
  runId: string;
  /** Settles when the run has ended, every node stopped. */
  done: Promise<unknown>;
  cancel(reason: string): void;
}

/**
 * How a tool call starts a run. Throws ValidationError, with nothing recorded, when the
 * pipeline cannot run; `onEvent` sees the run's events after the store (secret values masked).
 */
export type RunStarter = (request: RunRequest, onEvent: EngineEventListener) => StartedToolRun;

/** Runs in this process alone (`pipewright mcp`). */
export function directStarter(host: Host): RunStarter {
  return (request, onEvent) => {
    const { runId, handle } = startRun(host, { ...request, onEvent });
    return { runId, done: handle.done, cancel: (reason) => handle.cancel(reason) };
  };
}

/**
 * Runs through the server's run manager (`pipewright serve`), so a run an assistant starts shows
 * live in every open editor and stops when the server does, like one started from the UI.
 */
export function managedStarter(runs: RunManager): RunStarter {
  return (request, onEvent) => {
    let runId: string | undefined;
    // Events sent while start() has not yet returned the run's id (the nodes it queues at once).
    const early: EngineEvent[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const deliver = (event: EngineEvent) => {
      if (event.runId !== runId) return;
      onEvent(event);
      if (event.type === 'run-finished') {
        unsubscribe();
        finished();
      }
    };
    const unsubscribe = runs.subscribe((event) => (runId === undefined ? early.push(event) : deliver(event)));
    try {
      runId = runs.start(request);
    } catch (err) {
      unsubscribe();
      throw err;
    }
    for (const event of early) deliver(event);
    const id = runId;
    return { runId: id, done, cancel: (reason) => runs.cancel(id, reason) };
  };
}

import type { LogStream } from '../../nodes/sdk';
import type { EngineEvent, EngineEventListener } from '../engine/events';
import { StreamRedactor, type SecretMatcher } from './secret-matcher';

/** Where the current secret values come from (the secrets store). */
export interface SecretSource {
  matcher(): SecretMatcher;
}

/**
 * Passes a run's events on with every known secret value replaced by `[secret NAME]`: log
 * chunks (a value split across two chunks of one node's stream included), errors and outputs.
 * Everything that persists or shows events (the store's recorder, the CLI, the UI) sits behind
 * it. A node's held-back log tail is sent before its node-finished event, so nothing is lost.
 */
export function redactEvents(secrets: SecretSource, next: EngineEventListener): EngineEventListener {
  const matcher = () => secrets.matcher();
  const streams = new Map<string, { runId: string; nodeId: string; stream: LogStream; redactor: StreamRedactor }>();

  const flush = (runId: string, nodeId: string | undefined, at: number) => {
    for (const [key, s] of streams) {
      if (s.runId !== runId || (nodeId !== undefined && s.nodeId !== nodeId)) continue;
      streams.delete(key);
      const rest = s.redactor.flush();
      if (rest) next({ type: 'node-log', runId, nodeId: s.nodeId, stream: s.stream, chunk: rest, at });
    }
  };

  return (event: EngineEvent) => {
    switch (event.type) {
      case 'node-log': {
        const key = `${event.runId}\0${event.nodeId}\0${event.stream}`;
        let s = streams.get(key);
        if (!s) {
          s = { runId: event.runId, nodeId: event.nodeId, stream: event.stream, redactor: new StreamRedactor(matcher) };
          streams.set(key, s);
        }
        const chunk = s.redactor.push(event.chunk);
        if (chunk) next(chunk === event.chunk ? event : { ...event, chunk });
        return;
      }
      case 'node-started':
      case 'node-finished':
        // A retried attempt starts a fresh stream; a finished node shows all it said.
        flush(event.runId, event.nodeId, event.at);
        if (event.type === 'node-finished') {
          const m = matcher();
          next(m.empty ? event : { ...event, outputs: m.redactDeep(event.outputs), error: event.error && m.redact(event.error) });
          return;
        }
        next(event);
        return;
      case 'node-task': {
        // A task's title and summary come from a model, which may repeat a value it read.
        const m = matcher();
        const { task } = event;
        next(m.empty ? event : { ...event, task: { ...task, title: m.redact(task.title), ...(task.detail !== undefined ? { detail: m.redact(task.detail) } : {}) } });
        return;
      }
      case 'node-progress': {
        // A build step's label is a line of its Dockerfile, which may spell out a value.
        const m = matcher();
        const { label } = event.progress;
        next(m.empty || label === undefined ? event : { ...event, progress: { ...event.progress, label: m.redact(label) } });
        return;
      }
      case 'run-finished': {
        flush(event.runId, undefined, event.at);
        const m = matcher();
        next(m.empty ? event : { ...event, outputs: m.redactDeep(event.outputs), error: event.error && m.redact(event.error) });
        return;
      }
      default:
        next(event);
    }
  };
}

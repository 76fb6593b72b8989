import type { EngineEvent } from '../../engine/events';
import type { LogChunk, NodeRunRecord, RunRecord } from '../../store';

type Finished = Extract<EngineEvent, { type: 'node-finished' }>['status'];
const FINISHED = new Set<string>(['succeeded', 'failed', 'cached', 'skipped', 'cancelled']);

/**
 * The events of a run as far as the store has them, in the order they happened: what a stream
 * that joins late (or after the end) replays before it follows the run live. Retries collapse
 * to the last attempt and `resumed` reads false: the store keeps results, not every event.
 * An interrupted run ends as cancelled, with the stored reason.
 */
export function storedEvents(run: RunRecord, nodes: readonly NodeRunRecord[], logs: readonly LogChunk[]): EngineEvent[] {
  const runId = run.id;
  const logsOf = new Map<string, LogChunk[]>();
  for (const log of logs) {
    const list = logsOf.get(log.nodeId);
    if (list) list.push(log);
    else logsOf.set(log.nodeId, [log]);
  }
  // Each node's events in the order that node made them; then one stable sort by time interleaves them.
  const perNode: EngineEvent[] = [];
  const ordered = [...nodes].sort((a, b) => (a.startedAt ?? a.finishedAt ?? Infinity) - (b.startedAt ?? b.finishedAt ?? Infinity));
  for (const n of ordered) {
    if (n.status === 'queued') perNode.push({ type: 'node-queued', runId, nodeId: n.nodeId, kind: n.kind, at: run.startedAt });
    if (n.startedAt !== undefined) {
      perNode.push({ type: 'node-started', runId, nodeId: n.nodeId, kind: n.kind, attempt: n.attempt, at: n.startedAt });
    }
    for (const log of logsOf.get(n.nodeId) ?? []) {
      perNode.push({ type: 'node-log', runId, nodeId: log.nodeId, stream: log.stream, chunk: log.chunk, at: log.at });
    }
    logsOf.delete(n.nodeId);
    if (FINISHED.has(n.status)) {
      perNode.push({
        type: 'node-finished',
        runId,
        nodeId: n.nodeId,
        kind: n.kind,
        status: n.status as Finished,
        ...(n.outputs ? { outputs: n.outputs } : {}),
        ...(n.outputFingerprints ? { outputFingerprints: n.outputFingerprints } : {}),
        ...(n.cacheKey ? { cacheKey: n.cacheKey } : {}),
        ...(n.error ? { error: n.error } : {}),
        ...(n.startedAt !== undefined ? { startedAt: n.startedAt } : {}),
        durationMs: n.durationMs ?? 0,
        at: n.finishedAt ?? n.startedAt ?? run.startedAt,
      });
    }
  }
  // Lines of a node without a node row (written before its row was) still belong to the run.
  for (const list of logsOf.values()) {
    for (const log of list) perNode.push({ type: 'node-log', runId, nodeId: log.nodeId, stream: log.stream, chunk: log.chunk, at: log.at });
  }
  const events: EngineEvent[] = [
    { type: 'run-started', runId, projectId: run.projectId, pipelineId: run.pipelineId, scope: run.scope, resumed: false, at: run.startedAt },
    ...perNode.sort((a, b) => a.at - b.at),
  ];
  if (run.status !== 'running') {
    events.push({
      type: 'run-finished',
      runId,
      status: run.status === 'interrupted' ? 'cancelled' : run.status,
      outputs: run.outputs ?? {},
      ...(run.error ? { error: run.error } : {}),
      at: run.finishedAt ?? events[events.length - 1].at,
    });
  }
  return events;
}

import type { Pipeline } from '../../../nodes/sdk';
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
  // Each node's events in the order that node made them; interleave() merges them by time.
  const perNode: EngineEvent[][] = [];
  for (const n of nodes) {
    const own: EngineEvent[] = [];
    perNode.push(own);
    if (n.status === 'queued') own.push({ type: 'node-queued', runId, nodeId: n.nodeId, kind: n.kind, at: run.startedAt });
    if (n.startedAt !== undefined) {
      own.push({ type: 'node-started', runId, nodeId: n.nodeId, kind: n.kind, attempt: n.attempt, at: n.startedAt });
    }
    for (const log of logsOf.get(n.nodeId) ?? []) {
      own.push({ type: 'node-log', runId, nodeId: log.nodeId, stream: log.stream, chunk: log.chunk, at: log.at });
    }
    logsOf.delete(n.nodeId);
    if (FINISHED.has(n.status)) {
      own.push({
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
    perNode.push(list.map((log) => ({ type: 'node-log', runId, nodeId: log.nodeId, stream: log.stream, chunk: log.chunk, at: log.at })));
  }
  const events: EngineEvent[] = [
    { type: 'run-started', runId, projectId: run.projectId, pipelineId: run.pipelineId, scope: run.scope, resumed: false, at: run.startedAt },
    ...interleave(perNode, run.doc),
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

/**
 * Each top-level node's place in an order where a node comes after those it takes inputs from
 * (Kahn's order over the run's document); nodes of a sub-pipeline take their outer node's place.
 */
function dependencyOrder(doc: Pipeline | undefined): Map<string, number> {
  const order = new Map<string, number>();
  if (!doc) return order;
  const waiting = new Map(doc.nodes.map((n) => [n.id, 0]));
  for (const e of doc.edges) if (waiting.has(e.to.node)) waiting.set(e.to.node, waiting.get(e.to.node)! + 1);
  const ready = doc.nodes.filter((n) => waiting.get(n.id) === 0).map((n) => n.id);
  while (ready.length) {
    const id = ready.shift()!;
    order.set(id, order.size);
    for (const e of doc.edges) {
      if (e.from.node !== id || !waiting.has(e.to.node)) continue;
      const left = waiting.get(e.to.node)! - 1;
      waiting.set(e.to.node, left);
      if (left === 0) ready.push(e.to.node);
    }
  }
  return order;
}

/**
 * Merges per-node event lists (each in its own order, times never decreasing) into one list by
 * time. The store keeps milliseconds, so a node and the one it feeds often share one: within a
 * millisecond each node's events go together, a node before those that depend on it.
 */
function interleave(lists: readonly EngineEvent[][], doc: Pipeline | undefined): EngineEvent[] {
  const order = dependencyOrder(doc);
  const rank = (list: readonly EngineEvent[]) => {
    const id = list.length && 'nodeId' in list[0] ? list[0].nodeId : '';
    return order.get(id.split('/')[0]) ?? order.size;
  };
  const ranks = lists.map(rank);
  const tagged = lists.flatMap((list, node) => list.map((event, seq) => ({ event, node, seq })));
  tagged.sort((a, b) => a.event.at - b.event.at || ranks[a.node] - ranks[b.node] || a.node - b.node || a.seq - b.seq);
  return tagged.map((t) => t.event);
}

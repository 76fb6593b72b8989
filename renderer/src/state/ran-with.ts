import { create } from 'zustand';
import type { Pipeline } from '../../../nodes/sdk';
import type { PipelineNodeData } from './flow-document';

type Decides = Pick<PipelineNodeData, 'kind' | 'params' | 'settings' | 'disabled'>;

/** One connection, as a document and as the canvas hold it. */
export interface Wire {
  from: { node: string; port: string };
  to: { node: string; port: string };
}

/**
 * What decides a node's result: its kind, params, engine settings, whether it is disabled, and
 * what its inputs are connected to. A pin keeps the node's last result, so it changes nothing.
 */
export function nodeSignature(node: Decides, incoming = ''): string {
  const { pinned: _pinned, ...settings } = (node.settings ?? {}) as Record<string, unknown>;
  return stableJson([node.kind, node.params, settings, Boolean(node.disabled), incoming]);
}

/** Each node's incoming connections as one string ("port<-node.port", sorted), by node id. */
export function incomingOf(wires: readonly Wire[]): Record<string, string> {
  const lists: Record<string, string[]> = {};
  for (const w of wires) (lists[w.to.node] ??= []).push(`${w.to.port}<-${w.from.node}.${w.from.port}`);
  return Object.fromEntries(Object.entries(lists).map(([id, list]) => [id, list.sort().join(',')]));
}

/** JSON with object keys sorted, so the same params read back from main compare equal. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Each node as it was in the document of one run: the run whose statuses the canvas shows. */
export const useRanWith = create<{ runId?: string; nodes: Record<string, string> }>(() => ({ nodes: {} }));

/** Records the document a run ran, so the canvas can tell which nodes were edited since. */
export function noteRunDocument(runId: string, doc: Pipeline | undefined): void {
  if (!doc) {
    if (useRanWith.getState().runId !== runId) useRanWith.setState({ runId: undefined, nodes: {} });
    return;
  }
  const incoming = incomingOf(doc.edges);
  const nodes: Record<string, string> = {};
  for (const n of doc.nodes) nodes[n.id] = nodeSignature(n, incoming[n.id]);
  useRanWith.setState({ runId, nodes });
}

/** Whether the node's status on screen is from before its last edit. */
export function isStale(ranAs: string | undefined, node: Decides, incoming = ''): boolean {
  return ranAs !== undefined && ranAs !== nodeSignature(node, incoming);
}

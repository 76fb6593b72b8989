import { create } from 'zustand';
import type { Pipeline } from '../../../nodes/sdk';
import type { PipelineNodeData } from './flow-document';

/** What decides a node's result: its kind, params, engine settings and whether it is disabled. */
export function nodeSignature(node: Pick<PipelineNodeData, 'kind' | 'params' | 'settings' | 'disabled'>): string {
  return stableJson([node.kind, node.params, node.settings ?? null, Boolean(node.disabled)]);
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
  const nodes: Record<string, string> = {};
  for (const n of doc.nodes) nodes[n.id] = nodeSignature(n);
  useRanWith.setState({ runId, nodes });
}

/** Whether the node's status on screen is from before its last edit. */
export function isStale(ranAs: string | undefined, node: Pick<PipelineNodeData, 'kind' | 'params' | 'settings' | 'disabled'>): boolean {
  return ranAs !== undefined && ranAs !== nodeSignature(node);
}

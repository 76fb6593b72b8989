import { useMemo } from 'react';
import type { GraphEdge, PipelineNodeData } from './flow-document';
import { useGraph } from './graph';
import { incomingOf, isStale, useRanWith } from './ran-with';
import { useRuns } from './runs';

/** The canvas's connections by target node, worked out once per edge list, not once per node. */
const incomingCache = new WeakMap<readonly GraphEdge[], Record<string, string>>();
function incomingByNode(edges: readonly GraphEdge[]): Record<string, string> {
  let found = incomingCache.get(edges);
  if (!found) {
    found = incomingOf(
      edges.map((e) => ({ from: { node: e.source, port: e.sourceHandle ?? '' }, to: { node: e.target, port: e.targetHandle ?? '' } })),
    );
    incomingCache.set(edges, found);
  }
  return found;
}

/** The hook each node and the inspector read: true once the node differs from how it ran. */
export function useStale(nodeId: string, data: PipelineNodeData | undefined): boolean {
  const ranAs = useRanWith((s) => s.nodes[nodeId]);
  const ranRun = useRanWith((s) => s.runId);
  const shownRun = useRuns((s) => (s.viewing ?? s.current)?.id);
  // Only a node with a status on screen reads the edges.
  const incoming = useGraph((s) => (data ? (incomingByNode(s.edges)[nodeId] ?? '') : ''));
  const kind = data?.kind;
  const params = data?.params;
  const settings = data?.settings;
  const disabled = data?.disabled;
  return useMemo(
    () => kind !== undefined && params !== undefined && ranRun === shownRun && isStale(ranAs, { kind, params, settings, disabled }, incoming),
    [ranAs, ranRun, shownRun, kind, params, settings, disabled, incoming],
  );
}

import { useMemo } from 'react';
import type { PipelineNodeData } from './flow-document';
import { isStale, useRanWith } from './ran-with';
import { useRuns } from './runs';

/** The hook each node and the inspector read: true once the node differs from how it ran. */
export function useStale(nodeId: string, data: PipelineNodeData | undefined): boolean {
  const ranAs = useRanWith((s) => s.nodes[nodeId]);
  const ranRun = useRanWith((s) => s.runId);
  const shownRun = useRuns((s) => (s.viewing ?? s.current)?.id);
  const kind = data?.kind;
  const params = data?.params;
  const settings = data?.settings;
  const disabled = data?.disabled;
  return useMemo(
    () => kind !== undefined && params !== undefined && ranRun === shownRun && isStale(ranAs, { kind, params, settings, disabled }),
    [ranAs, ranRun, shownRun, kind, params, settings, disabled],
  );
}

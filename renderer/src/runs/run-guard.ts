import { call } from '../api';
import { endQuiet } from '../state/fresh-nodes';
import { useGraph } from '../state/graph';
import { useUi } from '../state/ui';

/**
 * Checks the graph as it is now before a run. With problems, nothing starts: the person gets
 * the list of what to fix, each leading to its node. Returns whether it stopped the run.
 */
export async function stoppedByProblems(): Promise<boolean> {
  const graph = useGraph.getState();
  const { issues, ports } = await call('pipeline.validate', { doc: graph.document() });
  if (useGraph.getState().pipelineId !== graph.pipelineId) return true;
  useGraph.getState().setValidation(issues, ports);
  // Running is the moment every problem counts, quiet hints included.
  endQuiet();
  if (!issues.length) return false;
  useUi.getState().openDialog({ type: 'problems' });
  return true;
}

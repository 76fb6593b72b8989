import { memo, useMemo } from 'react';
import { useFresh } from '../state/fresh-nodes';
import { useGraph } from '../state/graph';
import { plainIssue, type PlainIssue } from '../state/plain-issues';
import type { NodeRunView } from '../state/runs';
import { showError } from '../runs/show-error';

const NONE = { loud: [] as PlainIssue[], quiet: [] as PlainIssue[] };

/**
 * A node's problems in plain words, split into those that count now and quiet hints (an input
 * of a node just placed that is not connected yet).
 */
export function useNodeIssues(nodeId: string): { loud: PlainIssue[]; quiet: PlainIssue[] } {
  const issues = useGraph((s) => s.issuesByNode[nodeId]);
  const fresh = useFresh((s) => s.ids[nodeId] === true);
  return useMemo(() => {
    if (!issues?.length) return NONE;
    // The node's own box says which node it is: the short form, without its name.
    const plain = issues.map((i) => plainIssue(i, () => ''));
    return { loud: plain.filter((p) => !(fresh && p.quietWhenFresh)), quiet: plain.filter((p) => fresh && p.quietWhenFresh) };
  }, [issues, fresh]);
}

/** The bottom of a node: its problems, a quiet hint, or why it failed with a way to the error. */
export const NodeIssues = memo(function NodeIssues({
  nodeId,
  loud,
  quiet,
  run,
  stale,
}: {
  nodeId: string;
  loud: PlainIssue[];
  quiet: PlainIssue[];
  run: NodeRunView | undefined;
  stale: boolean;
}) {
  if (loud.length) {
    return (
      <div className="pw-node-issues" data-testid="node-issues">
        {loud.slice(0, 2).map((issue, i) => (
          <div key={i} title={issue.short}>
            {issue.short}
          </div>
        ))}
      </div>
    );
  }
  if (run?.status === 'failed' && run.error) {
    return (
      <div className={`pw-node-issues failed${stale ? ' stale' : ''}`} data-testid="node-failure">
        <div title={run.error}>{run.error.split('\n')[0]}</div>
        <button
          className="pw-show-error nodrag"
          onClick={(e) => {
            e.stopPropagation();
            showError(nodeId);
          }}
        >
          Show error
        </button>
      </div>
    );
  }
  if (quiet.length) {
    return (
      <div className="pw-node-hint" data-testid="node-hint" title="Connect it when you are ready; it counts as a problem once you run or move on">
        {quiet.map((q) => q.short).join(' · ')}
      </div>
    );
  }
  return null;
});

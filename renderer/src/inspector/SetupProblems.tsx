import { useMemo } from 'react';
import { isPipelineNode } from '../state/flow-document';
import { focusNode } from '../state/focus';
import { useGraph } from '../state/graph';
import { documentNeeds, useNeedsContext } from '../state/node-needs';

/** Problems the engine cannot see: secrets not stored, a model nobody configured. A click selects and centres the node. */
export function SetupProblems() {
  const nodes = useGraph((s) => s.nodes);
  const edges = useGraph((s) => s.edges);
  const ctx = useNeedsContext(true);
  const needs = useMemo(() => documentNeeds(nodes.filter(isPipelineNode), edges, ctx), [nodes, edges, ctx]);
  if (!needs.length) return null;
  return (
    <ul className="issue-list setup-problems" data-testid="setup-problems">
      {needs.map(({ nodeId, title, need }) => (
        <li key={`${nodeId}:${need.text}`}>
          <button className="problem-link" title="Select this node" onClick={() => focusNode(nodeId)}>
            {title} ({nodeId}) {need.detail}
          </button>
        </li>
      ))}
    </ul>
  );
}

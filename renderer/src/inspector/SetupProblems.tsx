import { useMemo } from 'react';
import { isPipelineNode } from '../state/flow-document';
import { focusNode } from '../state/focus';
import { useGraph } from '../state/graph';
import { documentNeeds, useNeedsContext } from '../state/node-needs';

/** What the open pipeline's nodes lack before a run (documentNeeds), kept current. */
export function useSetupNeeds() {
  const nodes = useGraph((s) => s.nodes);
  const edges = useGraph((s) => s.edges);
  const ctx = useNeedsContext(true);
  return useMemo(() => documentNeeds(nodes.filter(isPipelineNode), edges, ctx), [nodes, edges, ctx]);
}

/** Problems the engine cannot see: secrets not stored, a model nobody configured. A click selects and centres the node. */
export function SetupProblems() {
  const needs = useSetupNeeds();
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

import { memo, useMemo } from 'react';
import { definitionsByKind } from '../../../nodes/definitions';
import { useGraph } from '../state/graph';
import { endpointTargets, mayNeed, nodeNeeds, useNeedsContext } from '../state/node-needs';
import { WarningIcon } from '../ui/icons';

/**
 * What a node lacks before any run, on the node itself: "needs secret X" for a secret its params
 * name that is not stored, "no endpoint" when it asks a model and none can answer.
 */
export const NodeBadges = memo(function NodeBadges({ id, kind, params, disabled }: { id: string; kind: string; params: Record<string, unknown>; disabled?: boolean }) {
  const def = definitionsByKind.get(kind);
  const active = !disabled && mayNeed(def);
  const wired = useGraph((s) => active && endpointTargets(s.edges).has(id));
  const ctx = useNeedsContext(active);
  const needs = useMemo(() => (active && def ? nodeNeeds(def, params, wired, ctx) : []), [active, def, params, wired, ctx]);
  if (!needs.length) return null;
  return (
    <div className="pw-node-needs" data-testid="node-needs">
      {needs.map((need) => (
        <span key={need.text} className="pw-need" data-need={need.kind} title={need.detail}>
          <WarningIcon size={12} aria-hidden="true" />
          {need.text}
        </span>
      ))}
    </div>
  );
});

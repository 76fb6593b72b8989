import { memo } from 'react';
import { definitionsByKind } from '../../../nodes/definitions';
import { keyResultOf, type ResolvedPorts } from '../../../nodes/sdk';
import { useNodeRun } from '../state/runs';
import { PinIcon } from '../ui/icons';

/**
 * The node's key result in one line once it has run (its URL, exit code, tests, tokens and
 * cost), and a "pinned" mark when runs hand on its pinned outputs instead of running it.
 */
export const NodeLiveValue = memo(function NodeLiveValue(props: { id: string; kind: string; ports: ResolvedPorts; pinned: boolean; summary?: string }) {
  const { id, kind, ports, pinned, summary } = props;
  const run = useNodeRun(id);
  const outputs = run && (run.status === 'succeeded' || run.status === 'cached') ? run.outputs : undefined;
  const found = outputs ? keyResultOf(definitionsByKind.get(kind), outputs, ports.outputs) : undefined;
  // A result that only repeats the line above it (a text node's words, an endpoint's model) says nothing new.
  const key = found && summary && found.text.replace(/^“|”$/g, '').startsWith(summary.replace(/…$/, '')) ? undefined : found;
  if (!key && !pinned) return null;
  return (
    <div className="pw-live-value" data-testid="node-live-value" data-tone={key?.tone}>
      {pinned && (
        <span className="pw-pinned-mark" data-testid="pinned-mark" title="Pinned: runs use its pinned outputs instead of running it">
          <PinIcon size={11} aria-hidden="true" /> pinned
        </span>
      )}
      {key &&
        (key.href ? (
          <a className="nodrag pw-key" href={key.href} target="_blank" rel="noreferrer" title={key.href}>
            {key.text}
          </a>
        ) : (
          <span className="pw-key" title={key.text}>
            {key.text}
          </span>
        ))}
    </div>
  );
});

import { useGraph } from '../state/graph';
import { pinNode, pinProblem, unpinNode } from '../state/pins';
import { useRuns } from '../state/runs';
import { PinIcon, UnpinIcon } from '../ui/icons';

/**
 * Pin the node's result of the run on screen, or unpin it. While pinned, runs hand its pinned
 * outputs downstream instead of running it: an expensive step is not redone while the person
 * works on what comes after.
 */
export function PinControls({ nodeId }: { nodeId: string }) {
  const pinned = useGraph((s) => {
    const node = s.nodes.find((n) => n.id === nodeId);
    return node && 'settings' in node.data ? node.data.settings?.pinned : undefined;
  });
  const readOnly = useGraph((s) => s.readOnly);
  // Re-renders when the node's result changes, so the reason below stays current.
  useRuns((s) => s.nodes[nodeId]);
  if (pinned) {
    return (
      <div className="pw-pin-controls pinned" data-testid="pin-controls">
        <PinIcon size={14} aria-hidden="true" />
        <span>
          Pinned{pinned.at ? ` ${new Date(pinned.at).toLocaleString()}` : ''}: runs use these outputs instead of running this node.
        </span>
        {!readOnly && (
          <button className="btn small" onClick={() => unpinNode(nodeId)}>
            <UnpinIcon size={12} aria-hidden="true" /> Unpin
          </button>
        )}
      </div>
    );
  }
  const problem = pinProblem(nodeId);
  return (
    <div className="pw-pin-controls" data-testid="pin-controls">
      <button className="btn small" disabled={problem !== undefined} onClick={() => pinNode(nodeId)} title={problem ?? 'Keep this result: runs skip the node and hand it on'}>
        <PinIcon size={12} aria-hidden="true" /> Pin this result
      </button>
      {problem && !readOnly && <span className="faint">{problem}</span>}
    </div>
  );
}

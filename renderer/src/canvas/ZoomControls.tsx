import { ControlButton, Controls, Panel, type FitViewOptions } from '@xyflow/react';
import { memo, useState } from 'react';
import type { GraphNode } from '../state/flow-document';
import { ChevronDownIcon, ZoomInIcon } from '../ui/icons';

/** Whether the zoom buttons are folded away, remembered across reloads. */
const HIDDEN_KEY = 'pipewright.zoom-buttons.hidden';

/** React Flow's zoom buttons, which fold away to one button so they never sit on a node. */
export const ZoomControls = memo(function ZoomControls({ fit }: { fit: FitViewOptions<GraphNode> }) {
  const [hidden, setHidden] = useState(() => localStorage.getItem(HIDDEN_KEY) === '1');
  const toggle = (hide: boolean) => {
    localStorage.setItem(HIDDEN_KEY, hide ? '1' : '0');
    setHidden(hide);
  };
  if (hidden) {
    return (
      <Panel position="bottom-left">
        <button className="btn icon pw-corner-show" aria-label="Show the zoom buttons" aria-expanded="false" title="Show the zoom buttons" onClick={() => toggle(false)}>
          <ZoomInIcon size={16} aria-hidden="true" />
        </button>
      </Panel>
    );
  }
  return (
    <Controls showInteractive={false} fitViewOptions={fit}>
      <ControlButton aria-label="Hide the zoom buttons" aria-expanded="true" title="Fold the zoom buttons away" onClick={() => toggle(true)}>
        <ChevronDownIcon size={14} aria-hidden="true" />
      </ControlButton>
    </Controls>
  );
});

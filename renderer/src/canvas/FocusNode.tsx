import { useReactFlow, useStore } from '@xyflow/react';
import { useEffect } from 'react';
import { useFocus } from '../state/focus';

/** Below this zoom a centred node is too small to read, so focusing zooms in to it. */
const READABLE_ZOOM = 0.75;

/**
 * Centres the node a focus request names (a failed node, a clicked problem). The panes around
 * the canvas may still be moving when it does (the logs panel opening with a failed run), so
 * it keeps the node in the middle as the canvas resizes, until the person takes the view over
 * with the pointer or the wheel. Draws nothing.
 */
export function FocusNode() {
  const flow = useReactFlow();
  const request = useFocus((s) => s.request);
  const pane = useStore((s) => s.domNode);
  useEffect(() => {
    if (!request || !pane) return;
    const centre = (duration: number) => {
      const node = flow.getInternalNode(request.nodeId);
      if (!node) return;
      const { x, y } = node.internals.positionAbsolute;
      const width = node.measured.width ?? 0;
      const height = node.measured.height ?? 0;
      void flow.setCenter(x + width / 2, y + height / 2, { zoom: Math.max(flow.getZoom(), READABLE_ZOOM), duration });
    };
    centre(200);
    let first = true;
    const observer = new ResizeObserver(() => {
      // The first call only reports the size the pane has now.
      if (first) first = false;
      else centre(0);
    });
    const letGo = () => observer.disconnect();
    observer.observe(pane);
    pane.addEventListener('pointerdown', letGo, { capture: true, once: true });
    pane.addEventListener('wheel', letGo, { capture: true, once: true, passive: true });
    return () => {
      observer.disconnect();
      pane.removeEventListener('pointerdown', letGo, { capture: true });
      pane.removeEventListener('wheel', letGo, { capture: true });
    };
  }, [request, flow, pane]);
  return null;
}

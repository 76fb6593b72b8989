import { useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { useFocus } from '../state/focus';

/** Below this zoom a centred node is too small to read, so focusing zooms in to it. */
const READABLE_ZOOM = 0.75;

/** Centres the node a focus request names (a failed node, a clicked problem). Draws nothing. */
export function FocusNode() {
  const flow = useReactFlow();
  const request = useFocus((s) => s.request);
  useEffect(() => {
    if (!request) return;
    const node = flow.getInternalNode(request.nodeId);
    if (!node) return;
    const { x, y } = node.internals.positionAbsolute;
    const width = node.measured.width ?? 0;
    const height = node.measured.height ?? 0;
    void flow.setCenter(x + width / 2, y + height / 2, { zoom: Math.max(flow.getZoom(), READABLE_ZOOM), duration: 200 });
  }, [request, flow]);
  return null;
}

import type { ReactFlowInstance } from '@xyflow/react';
import type { GraphEdge, GraphNode } from '../state/flow-document';

let instance: Pick<ReactFlowInstance<GraphNode, GraphEdge>, 'screenToFlowPosition' | 'fitView'> | undefined;

/** The canvas registers itself so dialogs outside it can add nodes where the person is looking. */
export function registerViewport(flow: typeof instance): void {
  instance = flow;
}

export function viewportCentre(): { x: number; y: number } {
  const pane = document.querySelector('.react-flow');
  if (!instance || !pane) return { x: 0, y: 0 };
  const r = pane.getBoundingClientRect();
  const p = instance.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  return { x: p.x - 110, y: p.y - 40 };
}

/**
 * Room fitting the view leaves on each side: the zoom buttons sit bottom left and the overview
 * bottom right, and neither may cover a node after a fit.
 */
export const FIT_PADDING = { top: '40px', right: '40px', bottom: '150px', left: '70px' } as const;

/** Frames the whole graph (after Arrange), once React Flow has the nodes' new places. */
export function fitViewport(): void {
  requestAnimationFrame(() => void instance?.fitView({ padding: FIT_PADDING, maxZoom: 1, duration: 200 }));
}

import type { ReactFlowInstance } from '@xyflow/react';

let instance: Pick<ReactFlowInstance, 'screenToFlowPosition'> | undefined;

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

import { useReactFlow, useStore, type FitViewOptions } from '@xyflow/react';
import { useEffect } from 'react';
import { useFocus } from '../state/focus';

/**
 * Keeps a pipeline framed as it was fitted on open while the panes around the canvas change
 * its size (the logs panel opening with a run, a panel dragged): without it, a graph fitted
 * to the full height slides under the overview and the zoom buttons when the canvas shrinks.
 * It lets go for good once the person moves the view (a drag on the background, the wheel,
 * the zoom buttons), and leaves the view to FocusNode while a node is being focused.
 * Draws nothing.
 */
export function KeepFitted({ active, options }: { active: boolean; options: FitViewOptions }) {
  const flow = useReactFlow();
  const pane = useStore((s) => s.domNode);
  const focusing = useFocus((s) => s.request !== undefined);
  useEffect(() => {
    if (!active || !pane || focusing) return;
    let first = true;
    const observer = new ResizeObserver(() => {
      // The first call only reports the size the pane has now.
      if (first) first = false;
      else void flow.fitView(options);
    });
    const letGo = () => observer.disconnect();
    // Selecting or dragging a node leaves the view where it is: only a move of the view counts.
    // (React Flow draws nodes and edges inside its pane element: those are told apart first.)
    const onPointerDown = (e: PointerEvent) => {
      const target = e.target as Element | null;
      if (target?.closest('.react-flow__node, .react-flow__edge')) return;
      if (target?.closest('.react-flow__pane, .react-flow__panel')) letGo();
    };
    observer.observe(pane);
    pane.addEventListener('pointerdown', onPointerDown, { capture: true });
    pane.addEventListener('wheel', letGo, { capture: true, once: true, passive: true });
    return () => {
      observer.disconnect();
      pane.removeEventListener('pointerdown', onPointerDown, { capture: true });
      pane.removeEventListener('wheel', letGo, { capture: true });
    };
  }, [active, pane, focusing, flow, options]);
  return null;
}

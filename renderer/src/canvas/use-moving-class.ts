import { useCallback, useRef, type RefObject } from 'react';

/**
 * Puts `moving` on the canvas wrapper while the view pans or zooms, written to the DOM directly
 * so that a pan re-renders nothing in React. While it is there the viewport is one composited
 * layer, and a shield over it takes the pointer so the browser does not hit-test thousands of
 * nodes and edge paths on every mouse move (canvas.css). Set on the first actual move, not on
 * mousedown, so a plain click on the pane still reaches it (and clears the selection).
 */
export function useMovingClass(wrapper: RefObject<HTMLElement | null>) {
  const moving = useRef(false);
  const onMove = useCallback(() => {
    if (moving.current) return;
    moving.current = true;
    wrapper.current?.classList.add('moving');
  }, [wrapper]);
  const onMoveEnd = useCallback(() => {
    moving.current = false;
    wrapper.current?.classList.remove('moving');
  }, [wrapper]);
  return { onMove, onMoveEnd };
}

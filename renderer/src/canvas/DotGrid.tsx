import { useStoreApi } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { useTheme } from '../ui/theme';
import { settler } from './settle';

/** Closer than this on screen the dots read as noise, and painting them costs most of a frame. */
const MIN_SCREEN_GAP = 8;
/** How long the zoom must be still before the dots are painted again at their exact size. */
const SETTLE_MS = 150;

/**
 * One dot as an image tile: the browser paints a repeated image far faster than a repeated
 * gradient, which matters on every frame a zoom re-rasters the layer.
 */
function dotTile(colour: string): string {
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='32' height='32'><circle cx='16' cy='16' r='2.2' fill='${colour}'/></svg>`;
  return `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
}

/**
 * The dotted background. React Flow's own redraws an SVG pattern over the whole canvas on every
 * frame the view moves; this one is a composited layer that only slides (by less than a cell)
 * while panning and scales while zooming, so neither repaints it. Once the zoom is still, or has
 * doubled or halved, it is painted again with dots of the exact spacing.
 */
export const DotGrid = memo(function DotGrid({ gap }: { gap: number }) {
  const dots = useRef<HTMLDivElement>(null);
  const store = useStoreApi();
  const theme = useTheme();
  useEffect(() => {
    // A frame later: the theme's colours reach the page (html[data-theme]) in an effect that
    // runs after this one.
    const frame = requestAnimationFrame(() => {
      const el = dots.current;
      if (el) el.style.backgroundImage = dotTile(getComputedStyle(el).getPropertyValue('--grid').trim() || '#888');
    });
    return () => cancelAnimationFrame(frame);
  }, [theme]);
  useEffect(() => {
    let painted = 0;
    const place = (exact: boolean) => {
      const el = dots.current;
      if (!el) return;
      const { transform, width, height } = store.getState();
      const [tx, ty, zoom] = transform;
      const cell = gap * zoom;
      el.style.display = cell < MIN_SCREEN_GAP ? 'none' : '';
      if (cell < MIN_SCREEN_GAP) return;
      if (exact || !painted || cell > painted * 2 || cell < painted / 2) {
        painted = cell;
        // Big enough to cover the canvas when scaled down to half while zooming out.
        el.style.width = `${2 * width + 4 * cell}px`;
        el.style.height = `${2 * height + 4 * cell}px`;
        el.style.backgroundSize = `${cell}px ${cell}px`;
      }
      // Dots sit mid-tile: shift by half a cell so they land on the grid the nodes snap to.
      const ox = (((tx % cell) + cell) % cell) - cell / 2 - 2 * cell;
      const oy = (((ty % cell) + cell) % cell) - cell / 2 - 2 * cell;
      el.style.transform = `translate(${ox}px, ${oy}px) scale(${cell / painted})`;
    };
    const settle = settler(SETTLE_MS, () => place(true));
    let last = store.getState().transform;
    place(true);
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.width !== prev.width || s.height !== prev.height) place(true);
      if (s.transform === last) return;
      const zoomed = s.transform[2] !== last[2];
      last = s.transform;
      place(false);
      if (zoomed) settle.poke();
    });
    return () => {
      unsubscribe();
      settle.cancel();
    };
  }, [store, gap]);
  return (
    <div className="pw-grid" aria-hidden="true">
      <div ref={dots} className="pw-grid-dots" />
    </div>
  );
});

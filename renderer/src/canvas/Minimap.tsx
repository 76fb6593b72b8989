import { Panel, useReactFlow, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import { isFrameKind, STEP, type GraphEdge, type GraphNode } from '../state/flow-document';
import { useTheme } from '../ui/theme';
import { ChevronDownIcon, MapIcon } from '../ui/icons';

/** Whether the overview is folded away, remembered across reloads. */
const HIDDEN_KEY = 'pipewright.minimap.hidden';

const WIDTH = 168;
const HEIGHT = 112;
const PAD = 6;
const SIZE = { width: WIDTH, height: HEIGHT };
/** Thickness of the view rectangle's sides (canvas.css). */
const EDGE = 1.5;

interface Fit {
  scale: number;
  ox: number;
  oy: number;
}

/** Flow coordinates → minimap pixels, so that every node fits. */
function fitOf(s: ReactFlowState<GraphNode, GraphEdge>): Fit | undefined {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const n of s.nodeLookup.values()) {
    const { x, y } = n.internals.positionAbsolute;
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x + (n.measured.width ?? n.width ?? 0));
    y2 = Math.max(y2, y + (n.measured.height ?? n.height ?? 0));
  }
  if (x1 === Infinity) return undefined;
  const scale = Math.min((WIDTH - 2 * PAD) / Math.max(x2 - x1, 1), (HEIGHT - 2 * PAD) / Math.max(y2 - y1, 1));
  return { scale, ox: (WIDTH - (x2 - x1) * scale) / 2 - x1 * scale, oy: (HEIGHT - (y2 - y1) * scale) / 2 - y1 * scale };
}

/**
 * An overview of the whole graph in the corner. React Flow's own minimap keeps an SVG element
 * and a store subscription per node and recomputes the graph's bounds on every pan frame; this
 * one paints the nodes into a canvas when they change, and a pan only slides the rectangle that
 * marks the view. Click or drag in it to move the view there, scroll in it to zoom.
 */
export const Minimap = memo(function Minimap() {
  const store = useStoreApi<GraphNode, GraphEdge>();
  const flow = useReactFlow<GraphNode, GraphEdge>();
  const theme = useTheme();
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<HTMLDivElement>(null);
  const fit = useRef<Fit>(undefined);
  const [hidden, setHidden] = useState(() => localStorage.getItem(HIDDEN_KEY) === '1');
  const toggle = (hide: boolean) => {
    localStorage.setItem(HIDDEN_KEY, hide ? '1' : '0');
    setHidden(hide);
  };

  useEffect(() => {
    let drawn: unknown;
    let frame = 0;
    let placed: readonly number[] | undefined;
    const placeView = () => {
      const s = store.getState();
      const el = view.current;
      const f = fit.current;
      if (!el) return;
      el.style.display = f ? '' : 'none';
      if (!f) return;
      const [tx, ty, zoom] = s.transform;
      const k = f.scale / zoom;
      const x = -tx * k + f.ox;
      const y = -ty * k + f.oy;
      const w = s.width * k;
      const h = s.height * k;
      // The rectangle is a fill and four sides, each one pixel long and stretched by a transform:
      // panning and zooming only move and stretch layers, so nothing is laid out or painted again
      // (a new width or height would be, and that repaint took milliseconds a frame on a big graph).
      const [fill, top, bottom, left, right] = Array.from(el.children) as HTMLElement[];
      fill.style.transform = `translate(${x}px, ${y}px) scale(${w}, ${h})`;
      top.style.transform = `translate(${x}px, ${y}px) scale(${w}, 1)`;
      bottom.style.transform = `translate(${x}px, ${y + h - EDGE}px) scale(${w}, 1)`;
      left.style.transform = `translate(${x}px, ${y}px) scale(1, ${h})`;
      right.style.transform = `translate(${x + w - EDGE}px, ${y}px) scale(1, ${h})`;
    };
    const draw = () => {
      frame = 0;
      const el = canvas.current;
      const ctx = el?.getContext('2d');
      if (!el || !ctx) return;
      const s = store.getState();
      const ratio = window.devicePixelRatio || 1;
      el.width = WIDTH * ratio;
      el.height = HEIGHT * ratio;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      const f = (fit.current = fitOf(s));
      if (f) {
        const css = getComputedStyle(el);
        const colour = (name: string) => css.getPropertyValue(name).trim() || '#888';
        const node = colour('--border-strong');
        const group = colour('--accent-soft');
        const comment = colour('--warn-soft');
        for (const n of s.nodeLookup.values()) {
          const { x, y } = n.internals.positionAbsolute;
          const w = (n.measured.width ?? n.width ?? 0) * f.scale;
          const h = (n.measured.height ?? n.height ?? 0) * f.scale;
          ctx.fillStyle = isFrameKind(n.type) ? group : n.type === STEP ? node : comment;
          ctx.fillRect(x * f.scale + f.ox, y * f.scale + f.oy, Math.max(w, 1), Math.max(h, 1));
        }
      }
      placeView();
    };
    const onChange = (s: ReactFlowState<GraphNode, GraphEdge>) => {
      // Nodes moved, came or went (or were measured): paint them again, once per frame at most.
      if (s.nodes !== drawn) {
        drawn = s.nodes;
        if (!frame) frame = requestAnimationFrame(draw);
      } else if (s.transform !== placed) {
        placed = s.transform;
        placeView();
      }
    };
    // A frame later: a new theme's colours reach the page in an effect that runs after this one.
    frame = requestAnimationFrame(draw);
    const unsubscribe = store.subscribe(onChange);
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store, theme, hidden]);

  const moveTo = (e: PointerEvent<HTMLDivElement>) => {
    const f = fit.current;
    if (!f) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = (e.clientX - box.left - f.ox) / f.scale;
    const y = (e.clientY - box.top - f.oy) / f.scale;
    void flow.setCenter(x, y, { zoom: flow.getZoom() });
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    moveTo(e);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (e.buttons & 1) moveTo(e);
  };
  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    void flow.zoomTo(flow.getZoom() * (e.deltaY < 0 ? 1.2 : 1 / 1.2));
  };

  if (hidden) {
    return (
      <Panel position="bottom-right" className="pw-minimap">
        <button className="btn icon pw-minimap-show" aria-label="Show the overview" aria-expanded="false" title="Show the overview of the graph" onClick={() => toggle(false)}>
          <MapIcon size={16} aria-hidden="true" />
        </button>
      </Panel>
    );
  }
  return (
    <Panel position="bottom-right" className="pw-minimap">
      <button className="btn ghost icon small pw-minimap-hide" aria-label="Hide the overview" aria-expanded="true" title="Fold the overview away" onClick={() => toggle(true)}>
        <ChevronDownIcon size={14} aria-hidden="true" />
      </button>
      <div
        className="pw-minimap-body nowheel"
        role="img"
        aria-label="Overview of the graph: click or drag to move the view, scroll to zoom"
        style={SIZE}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onWheel={onWheel}
      >
        <canvas ref={canvas} style={SIZE} />
        <div ref={view} className="pw-minimap-view">
          <i className="fill" />
          <i className="side h" />
          <i className="side h" />
          <i className="side v" />
          <i className="side v" />
        </div>
      </div>
    </Panel>
  );
});

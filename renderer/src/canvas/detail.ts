import { useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useEffect } from 'react';
import { create } from 'zustand';
import type { GraphEdge, GraphNode } from '../state/flow-document';
import { settler } from './settle';

/** Below this zoom words are too small to read: every node is drawn as a plain box. */
export const FAR_ZOOM = 0.45;
/** Graphs up to this many nodes draw every node in full whenever the zoom allows. */
export const DETAIL_ALL_UP_TO = 300;
/** Nodes within this fraction of a screen beyond its edges are drawn in full before they show. */
const MARGIN = 0.5;
/** How long the view must be still before nodes switch between box and full in bulk. */
const SETTLE_MS = 150;

const NONE: ReadonlySet<string> = new Set();

export interface DetailState {
  /** Zoomed out past FAR_ZOOM. */
  far: boolean;
  /** A small graph: every node in full (unless far). */
  all: boolean;
  /** A big graph: the nodes on or near the screen. */
  near: ReadonlySet<string>;
}

/**
 * Which nodes are drawn in full: ports you can drag a connection from (React Flow's handles,
 * two store subscriptions each) and words. The others are plain boxes of the same size. On a
 * 2,000-node graph this is what keeps the view moving at frame rate: every store subscription
 * runs on every pan frame, and every painted word and clip is re-layered on every frame. Nodes
 * read their flag from this store, which changes only when the set does, not on every frame.
 */
export const useDetail = create<DetailState>(() => ({ far: false, all: true, near: NONE }));

export const useDetailed = (id: string) => useDetail((s) => !s.far && (s.all || s.near.has(id)));
export const useFar = () => useDetail((s) => s.far);

type FlowState = ReactFlowState<GraphNode, GraphEdge>;

/** Ids of the nodes within the view and its margin. */
export function nodesNear(s: Pick<FlowState, 'transform' | 'width' | 'height' | 'nodeLookup'>): string[] {
  const [tx, ty, zoom] = s.transform;
  const w = s.width / zoom;
  const h = s.height / zoom;
  const x1 = -tx / zoom - w * MARGIN;
  const y1 = -ty / zoom - h * MARGIN;
  const x2 = x1 + w * (1 + 2 * MARGIN);
  const y2 = y1 + h * (1 + 2 * MARGIN);
  const ids: string[] = [];
  for (const n of s.nodeLookup.values()) {
    const { x, y } = n.internals.positionAbsolute;
    if (x > x2 || y > y2 || x + (n.measured.width ?? 0) < x1 || y + (n.measured.height ?? 0) < y1) continue;
    ids.push(n.id);
  }
  return ids;
}

/** What moved the view since the last look: nothing (it settled or the graph changed), a pan, or a zoom. */
export type ViewMove = 'still' | 'pan' | 'zoom';

/**
 * The next detail state for view `s`, or `current` itself when nothing changes. While the view
 * pans, the only change is to draw in full the nodes coming near at a readable zoom: switching
 * many nodes between box and full at once takes longer than a frame, so crossing FAR_ZOOM in
 * either direction, and dropping nodes that went out of view, wait until the view is still.
 * While it zooms nothing changes either: zooming out brings dozens of nodes into view on every
 * notch of the wheel, and drawing them in full then made each frame miss its time; they are
 * boxes until the zoom stops.
 */
export function nextDetail(
  current: DetailState,
  s: Pick<FlowState, 'transform' | 'width' | 'height' | 'nodeLookup' | 'fitViewQueued'>,
  move: ViewMove,
  all: boolean,
): DetailState {
  // Until the view is fitted to a big graph that just opened, it is drawn as boxes: the view
  // before the fit (at 100%, at the top left) would lay out in full nodes about to be far.
  const far = s.transform[2] < FAR_ZOOM || (!all && s.fitViewQueued);
  if (move === 'zoom' || (move === 'pan' && (current.far || far || all))) return current;
  let near = current.near;
  if (far || all) near = NONE;
  else {
    const ids = nodesNear(s);
    const changed = move === 'pan' ? ids.some((id) => !near.has(id)) : near.size !== ids.length || ids.some((id) => !near.has(id));
    if (changed) near = new Set(move === 'pan' ? [...near, ...ids] : ids);
  }
  return far !== current.far || all !== current.all || near !== current.near ? { far, all, near } : current;
}

/** Keeps useDetail in step with the view and the graph (see nextDetail). */
export function useDetailTracker(nodeCount: number): void {
  const store = useStoreApi<GraphNode, GraphEdge>();
  const all = nodeCount <= DETAIL_ALL_UP_TO;

  useEffect(() => {
    const update = (s: FlowState, move: ViewMove) => {
      const current = useDetail.getState();
      const next = nextDetail(current, s, move, all);
      if (next !== current) useDetail.setState(next);
    };
    const settle = settler(SETTLE_MS, () => update(store.getState(), 'still'));
    update(store.getState(), 'still');
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.transform !== prev.transform) {
        update(s, s.transform[2] === prev.transform[2] ? 'pan' : 'zoom');
        settle.poke();
      } else if (s.nodes !== prev.nodes || s.width !== prev.width || s.height !== prev.height) update(s, 'still');
    });
    return () => {
      unsubscribe();
      settle.cancel();
      useDetail.setState({ far: false, all: true, near: NONE });
    };
  }, [store, all]);
}

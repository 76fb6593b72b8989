import { useEffect, useMemo, useState } from 'react';
import type { GraphEdge, GraphNode } from '../state/flow-document';
import { NEW_NODE_SIZE } from './placement';

/** From this many nodes a pipeline's nodes are put on the page over several frames when it opens. */
export const PROGRESSIVE_FROM = 300;
/** Nodes put on the page per frame: few enough that a frame in between answers a drag at once. */
export const CHUNK = 30;

/**
 * The order in which nodes are put on the page: from the middle of the graph outwards, which is
 * where the eye lands on a pipeline fitted to the view.
 */
export function mountOrder(nodes: readonly GraphNode[]): string[] {
  if (nodes.length === 0) return [];
  const centre = (n: GraphNode) => ({ x: n.position.x + NEW_NODE_SIZE.width / 2, y: n.position.y + NEW_NODE_SIZE.height / 2 });
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const n of nodes) {
    const c = centre(n);
    x1 = Math.min(x1, c.x);
    y1 = Math.min(y1, c.y);
    x2 = Math.max(x2, c.x);
    y2 = Math.max(y2, c.y);
  }
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  return nodes
    .map((n) => {
      const c = centre(n);
      return { id: n.id, d: (c.x - mx) ** 2 + (c.y - my) ** 2 };
    })
    .sort((a, b) => a.d - b.d)
    .map((e) => e.id);
}

/** What is on the page: every node, or these ids while the others wait their turn. */
export type Mounted = ReadonlySet<string> | 'all';

/** What is on the page when a pipeline of `nodes` opens: all of a small one, the middle of a big one. */
export function firstMounted(nodes: readonly GraphNode[]): Mounted {
  return nodes.length < PROGRESSIVE_FROM ? 'all' : new Set(mountOrder(nodes).slice(0, CHUNK));
}

/** The next frame's set: `chunk` more nodes in mount order, or 'all' once none is left waiting. */
export function nextMounted(mounted: Mounted, nodes: readonly GraphNode[], chunk = CHUNK): Mounted {
  if (mounted === 'all') return mounted;
  const next = new Set(mounted);
  let added = 0;
  for (const id of mountOrder(nodes)) {
    if (next.has(id)) continue;
    if (added === chunk) return next;
    next.add(id);
    added++;
  }
  return 'all';
}

const waitingOf = new WeakMap<GraphNode, GraphNode>();

/**
 * A node not yet on the page: React Flow keeps it (so the first fit to view frames the whole
 * graph, from this size) but draws nothing for it. Cached by node object, as placed() is.
 */
function waiting(node: GraphNode): GraphNode {
  let out = waitingOf.get(node);
  if (!out) {
    out = { ...node, hidden: true, initialWidth: NEW_NODE_SIZE.width, initialHeight: NEW_NODE_SIZE.height } as GraphNode;
    waitingOf.set(node, out);
  }
  return out;
}

/**
 * The nodes and edges to hand React Flow. Creating a thousand nodes' elements, measuring them and
 * drawing their edges took most of a second in one go, during which the canvas answered nothing;
 * put on the page a chunk a frame, from the middle outwards, the canvas pans from the first frame.
 * Edges come with their second end. Later changes to the graph show at once.
 */
export function useProgressiveMount(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const [mounted, setMounted] = useState<Mounted>(() => firstMounted(nodes));
  useEffect(() => {
    if (mounted === 'all') return;
    // The next chunk waits until the page is idle: a frame is drawn and input (a drag on the
    // canvas) answered first.
    const idle = requestIdleCallback(() => setMounted((m) => nextMounted(m, nodes)), { timeout: 500 });
    return () => cancelIdleCallback(idle);
  }, [mounted, nodes]);
  return useMemo(() => {
    if (mounted === 'all') return { nodes: nodes as GraphNode[], edges: edges as GraphEdge[] };
    return {
      nodes: nodes.map((n) => (mounted.has(n.id) ? n : waiting(n))),
      edges: edges.filter((e) => mounted.has(e.source) && mounted.has(e.target)),
    };
  }, [mounted, nodes, edges]);
}

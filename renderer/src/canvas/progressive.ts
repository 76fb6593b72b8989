import { useEffect, useMemo, useState } from 'react';
import type { GraphEdge, GraphNode } from '../state/flow-document';
import { NEW_NODE_SIZE } from './placement';

/** From this many nodes a pipeline's nodes are put on the page over several frames when it opens. */
export const PROGRESSIVE_FROM = 300;
/** Nodes put on the page at a time: few enough (≈ 30 ms here) that a drag is answered in between. */
export const CHUNK = 30;

/** What is on the page: every node, or these ids while the others wait their turn. */
export type Mounted = ReadonlySet<string> | 'all';

/** What is on the page when a pipeline of `nodes` opens: all of a small one, the first chunk of a big one. */
export function firstMounted(nodes: readonly GraphNode[]): Mounted {
  return nodes.length < PROGRESSIVE_FROM ? 'all' : new Set(nodes.slice(0, CHUNK).map((n) => n.id));
}

/**
 * The next set: `chunk` more nodes in the pipeline's order, or 'all' once none is left waiting.
 * The pipeline's order is the page's: nodes put on it from the middle of the graph outwards
 * (inserted out of order) made panning the whole graph ≈ 13% slower for good (bench/canvas).
 */
export function nextMounted(mounted: Mounted, nodes: readonly GraphNode[], chunk = CHUNK): Mounted {
  if (mounted === 'all') return mounted;
  const next = new Set(mounted);
  let added = 0;
  for (const { id } of nodes) {
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
 * put on the page a chunk at a time, the canvas pans from the first chunk on.
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

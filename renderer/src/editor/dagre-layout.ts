import { Graph, layout } from '@dagrejs/dagre';
import type { Box } from '../canvas/placement';

/** A box to lay out; `parent` names the cluster drawn around it. */
export interface LayoutItem {
  id: string;
  width: number;
  height: number;
  parent?: string;
}

export interface LayoutCluster {
  id: string;
  parent?: string;
}

/** Space between ranks (columns) and between boxes in a column. */
const RANK_GAP = 90;
const NODE_GAP = 40;

/**
 * The one door to dagre: lays boxes out in columns, left to right along the edges, each cluster
 * a rectangle around its items that nothing else enters. Returns every item's and cluster's box
 * (top-left corner and size).
 */
export function layeredLayout(items: readonly LayoutItem[], clusters: readonly LayoutCluster[], edges: readonly (readonly [string, string])[]): Map<string, Box> {
  const g = new Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const c of clusters) g.setNode(c.id, {});
  for (const c of clusters) if (c.parent) g.setParent(c.id, c.parent);
  for (const item of items) {
    g.setNode(item.id, { width: item.width, height: item.height });
    if (item.parent) g.setParent(item.id, item.parent);
  }
  for (const [from, to] of edges) if (from !== to) g.setEdge(from, to);
  layout(g);
  const boxes = new Map<string, Box>();
  for (const id of [...clusters.map((c) => c.id), ...items.map((i) => i.id)]) {
    const n = g.node(id);
    if (n?.x === undefined || n.y === undefined) continue;
    boxes.set(id, { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height });
  }
  return boxes;
}

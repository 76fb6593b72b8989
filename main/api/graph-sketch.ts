import type { Pipeline } from '../../nodes/sdk';
import type { GraphSketch } from '../../preload/contract';

/** A node's box on the canvas, near enough for a thumbnail (the canvas draws nodes 240 px wide). */
const NODE_W = 240;
const NODE_H = 90;
const MARGIN = 40;

/**
 * A thumbnail of the graph, drawn from the document itself: each working node a box where it
 * sits on the canvas, coloured by its kind's category, and each edge a line from the right side
 * of its source to the left side of its target. `categoryOf` answers undefined for what is not a
 * step (comments, groups), which is left out. The renderer draws it as an SVG scaled into the card.
 */
export function graphSketch(doc: Pipeline, categoryOf: (kind: string) => string | undefined): GraphSketch {
  const nodes = doc.nodes
    .map((n) => ({ id: n.id, category: categoryOf(n.kind) }))
    .filter((n): n is { id: string; category: string } => n.category !== undefined);
  const byId = new Map(doc.nodes.map((n) => [n.id, n.position]));
  const boxes = nodes.map((n) => ({ x: byId.get(n.id)!.x, y: byId.get(n.id)!.y, w: NODE_W, h: NODE_H, category: n.category }));
  const shown = new Set(nodes.map((n) => n.id));
  const edges = doc.edges
    .filter((e) => shown.has(e.from.node) && shown.has(e.to.node))
    .map((e) => {
      const from = byId.get(e.from.node)!;
      const to = byId.get(e.to.node)!;
      return { x1: from.x + NODE_W, y1: from.y + NODE_H / 2, x2: to.x, y2: to.y + NODE_H / 2 };
    });
  if (!boxes.length) return { viewBox: [0, 0, NODE_W, NODE_H], nodes: [], edges: [] };
  const left = Math.min(...boxes.map((b) => b.x)) - MARGIN;
  const top = Math.min(...boxes.map((b) => b.y)) - MARGIN;
  const right = Math.max(...boxes.map((b) => b.x + b.w)) + MARGIN;
  const bottom = Math.max(...boxes.map((b) => b.y + b.h)) + MARGIN;
  return { viewBox: [left, top, right - left, bottom - top], nodes: boxes, edges };
}

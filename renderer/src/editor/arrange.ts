import type { XYPosition } from '@xyflow/react';
import { boxOf, freeOffset, overlaps, type Box } from '../canvas/placement';
import { isFrameKind, isPipelineNode, type GraphEdge, type GraphNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { fitViewport } from '../palette/viewport';
import { layeredLayout, type LayoutCluster, type LayoutItem } from './dagre-layout';

/** Room above a group's first node for the group's title. */
const GROUP_TITLE = 28;

/**
 * The graph laid out left to right along its edges: every node's new box (a group's with its new
 * size). A group keeps the nodes it framed, as a frame around them that nothing else enters; a
 * comment stays beside the node it was nearest to; an empty group keeps its place, or the nearest
 * free one. The whole layout starts where the graph started, so the view does not jump.
 */
export function arrange(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Map<string, Box> {
  const steps = nodes.filter(isPipelineNode);
  const groups = nodes.filter((n) => isFrameKind(n.type));
  const notes = nodes.filter((n) => !isPipelineNode(n) && !isFrameKind(n.type));
  const before = new Map(nodes.map((n) => [n.id, boxOf(n)]));
  const out = new Map<string, Box>();
  if (!steps.length) return out;

  // What frames what: the smallest group around a node's centre, and around a smaller group.
  const smallestAround = (box: Box, bigger: number) => {
    let best: GraphNode | undefined;
    for (const g of groups) {
      const gb = before.get(g.id)!;
      const area = gb.width * gb.height;
      if (area <= bigger || !contains(gb, centre(box))) continue;
      if (!best || area < areaOf(before.get(best.id)!)) best = g;
    }
    return best?.id;
  };
  const parentOf = new Map<string, string | undefined>();
  for (const n of [...steps, ...groups]) {
    const b = before.get(n.id)!;
    parentOf.set(n.id, smallestAround(b, isFrameKind(n.type) ? areaOf(b) : 0));
  }
  // Only groups that frame a node somewhere inside them are laid out as frames.
  const framing = new Set<string>();
  for (const s of steps) for (let p = parentOf.get(s.id); p && !framing.has(p); p = parentOf.get(p)) framing.add(p);

  const items: LayoutItem[] = steps.map((s) => {
    const b = before.get(s.id)!;
    const parent = parentOf.get(s.id);
    // A node first in its group has its group's title above it: reserve the room on every member.
    return { id: s.id, width: b.width, height: b.height + (parent ? GROUP_TITLE : 0), parent };
  });
  const clusters: LayoutCluster[] = [...framing].map((id) => ({ id, parent: parentOf.get(id) }));
  const ids = new Set(steps.map((s) => s.id));
  const links = edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => [e.source, e.target] as const);
  const laid = layeredLayout(items, clusters, links);

  // Where the old graph began, the new one begins.
  const origin = topLeft(steps.map((s) => before.get(s.id)!));
  const start = topLeft([...laid.values()]);
  const shift = { x: origin.x - start.x, y: origin.y - start.y };
  for (const s of steps) {
    const b = laid.get(s.id)!;
    const title = parentOf.get(s.id) ? GROUP_TITLE : 0;
    out.set(s.id, { x: round(b.x + shift.x), y: round(b.y + shift.y + title), width: b.width, height: b.height - title });
  }
  for (const id of framing) {
    const b = laid.get(id)!;
    out.set(id, { x: round(b.x + shift.x), y: round(b.y + shift.y), width: round(b.width), height: round(b.height) });
  }

  // Comments follow the node they were nearest to, then step aside from anything they would cover.
  const placed = () => [...out.entries()].filter(([id]) => !framing.has(id)).map(([, b]) => b);
  for (const note of notes) {
    const b = before.get(note.id)!;
    const anchor = nearest(steps, before, b);
    const from = before.get(anchor)!;
    const to = out.get(anchor)!;
    const moved = { ...b, x: b.x + to.x - from.x, y: b.y + to.y - from.y };
    out.set(note.id, at(moved, freeOffset([moved], placed())));
  }
  // Empty groups keep their place unless the new layout took it.
  for (const g of groups) {
    if (framing.has(g.id)) continue;
    const b = before.get(g.id)!;
    const taken = [...out.values()];
    out.set(g.id, taken.some((o) => overlaps(b, o)) ? at(b, freeOffset([b], taken)) : b);
  }
  return out;
}

function at(b: Box, by: XYPosition): Box {
  return { ...b, x: b.x + by.x, y: b.y + by.y };
}

function centre(b: Box): XYPosition {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

function contains(b: Box, p: XYPosition): boolean {
  return p.x >= b.x && p.y >= b.y && p.x < b.x + b.width && p.y < b.y + b.height;
}

function areaOf(b: Box): number {
  return b.width * b.height;
}

function round(v: number): number {
  return Math.round(v);
}

function topLeft(boxes: readonly Box[]): XYPosition {
  return { x: Math.min(...boxes.map((b) => b.x)), y: Math.min(...boxes.map((b) => b.y)) };
}

function nearest(steps: readonly GraphNode[], before: Map<string, Box>, b: Box): string {
  const c = centre(b);
  let best = steps[0].id;
  let bestD = Infinity;
  for (const s of steps) {
    const sc = centre(before.get(s.id)!);
    const d = Math.hypot(sc.x - c.x, sc.y - c.y);
    if (d < bestD) {
      bestD = d;
      best = s.id;
    }
  }
  return best;
}

/** The Arrange action (toolbar button, Shift+L): lays the open graph out as one undo step. */
export function arrangeGraph(): void {
  const graph = useGraph.getState();
  if (graph.readOnly || graph.preview || !graph.nodes.length) return;
  graph.setLayout(arrange(graph.nodes, graph.edges));
  fitViewport();
}

import type { XYPosition } from '@xyflow/react';
import type { CSSProperties } from 'react';
import { isFrameKind, type GraphNode } from '../state/flow-document';

const placedOf = new WeakMap<GraphNode, GraphNode>();

/**
 * The node as React Flow should draw it: placed with left/top instead of React Flow's
 * `transform: translate(…)` (a node's `style` comes after it and wins). The browser makes a paint
 * chunk of every transformed element and re-layers them all on every frame the view moves, so on
 * a big graph this alone costs milliseconds a frame; boxes placed by left/top are one chunk.
 * Cached by node object: a graph change builds new objects only for the nodes it touched, so
 * React Flow sees the others unchanged.
 */
export function placed(node: GraphNode): GraphNode {
  let out = placedOf.get(node);
  if (!out) {
    const style: CSSProperties = { ...node.style, transform: 'none', left: node.position.x, top: node.position.y };
    out = { ...node, style } as GraphNode;
    placedOf.set(node, out);
  }
  return out;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node's size before React Flow has measured it: a step is 240 wide (canvas.css), about this tall. */
export const NEW_NODE_SIZE = { width: 240, height: 130 };
/** Room kept between a placed node and its neighbours. */
const GAP = 24;
/** Candidates tried before giving up on the nearest free place and going below everything. */
const MAX_TRIES = 400;

/** The boxes new nodes must not cover: every node but groups, which nodes may sit inside. */
export function obstaclesOf(nodes: readonly GraphNode[]): Box[] {
  return nodes.filter((n) => !isFrameKind(n.type)).map(boxOf);
}

export function boxOf(n: GraphNode): Box {
  return {
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? n.width ?? NEW_NODE_SIZE.width,
    height: n.measured?.height ?? n.height ?? NEW_NODE_SIZE.height,
  };
}

export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/**
 * The shift nearest to `from` at which none of `shapes` (moved by it) covers an obstacle. Each
 * candidate that collides proposes the four shifts that clear the box it hit (to its right, left,
 * below, above), and the nearest untried candidate is tried next, so the search jumps from box
 * edge to box edge instead of walking a grid.
 */
export function freeOffset(shapes: readonly Box[], obstacles: readonly Box[], from: XYPosition = { x: 0, y: 0 }): XYPosition {
  const queue: XYPosition[] = [from];
  const seen = new Set<string>([`${from.x},${from.y}`]);
  // A step sideways costs less than one down: a node grows downwards as it shows its problems and
  // results, and pipelines read left to right.
  const distance = (p: XYPosition) => Math.hypot(p.x - from.x, 2 * (p.y - from.y));
  for (let tries = 0; tries < MAX_TRIES && queue.length; tries++) {
    let best = 0;
    for (let i = 1; i < queue.length; i++) if (distance(queue[i]) < distance(queue[best])) best = i;
    const at = queue.splice(best, 1)[0];
    const hit = collision(shapes, obstacles, at);
    if (!hit) return at;
    const [s, o] = hit;
    for (const next of [
      { x: Math.ceil(o.x + o.width + GAP - s.x), y: at.y },
      { x: Math.floor(o.x - GAP - s.width - s.x), y: at.y },
      { x: at.x, y: Math.ceil(o.y + o.height + GAP - s.y) },
      { x: at.x, y: Math.floor(o.y - GAP - s.height - s.y) },
    ]) {
      const key = `${next.x},${next.y}`;
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  // Crowded all around: below everything is free.
  const bottom = Math.max(...obstacles.map((o) => o.y + o.height));
  const top = Math.min(...shapes.map((s) => s.y));
  return { x: from.x, y: Math.ceil(bottom + GAP - top) };
}

function collision(shapes: readonly Box[], obstacles: readonly Box[], by: XYPosition): [Box, Box] | undefined {
  for (const s of shapes) {
    const moved = { ...s, x: s.x + by.x, y: s.y + by.y };
    for (const o of obstacles) if (overlaps(moved, o, GAP)) return [s, o];
  }
  return undefined;
}

/** Where a new node asked for at `at` goes: there if that is free, else the nearest free place. */
export function freeSpot(nodes: readonly GraphNode[], at: XYPosition, size = NEW_NODE_SIZE): XYPosition {
  const shift = freeOffset([{ ...at, ...size }], obstaclesOf(nodes));
  return { x: at.x + shift.x, y: at.y + shift.y };
}

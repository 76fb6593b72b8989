import type { CSSProperties } from 'react';
import type { GraphNode } from '../state/flow-document';

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

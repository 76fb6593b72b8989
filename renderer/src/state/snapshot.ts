import type { GraphEdge, GraphNode } from './flow-document';

/**
 * An undo step: the graph as text, without view state (selection, measured sizes), so it is
 * small, can be stored as it is, and restores exactly.
 */
export function snapshot(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  return JSON.stringify({
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.type,
      position: n.position,
      data: n.data,
      ...(n.width !== undefined ? { width: n.width } : {}),
      ...(n.height !== undefined ? { height: n.height } : {}),
      ...(n.zIndex !== undefined ? { zIndex: n.zIndex } : {}),
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle,
      target: e.target,
      targetHandle: e.targetHandle,
      style: e.style,
      data: e.data,
    })),
  });
}

export function restore(text: string): { nodes: GraphNode[]; edges: GraphEdge[] } {
  return JSON.parse(text) as { nodes: GraphNode[]; edges: GraphEdge[] };
}

/** Most undo steps kept in memory; main trims the stored history further by size. */
export const HISTORY_LIMIT = 100;

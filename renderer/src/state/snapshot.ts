import { GROUP_Z, STEP, type GraphEdge, type GraphNode } from './flow-document';

/**
 * A node as a document and the undo history keep it: without view state (selection, measured
 * sizes), so it is small and restores exactly.
 */
export function storedNode(n: GraphNode): GraphNode {
  return {
    id: n.id,
    type: n.type,
    position: n.position,
    data: n.data,
    ...(n.width !== undefined ? { width: n.width } : {}),
    ...(n.height !== undefined ? { height: n.height } : {}),
    ...(n.zIndex !== undefined ? { zIndex: n.zIndex } : {}),
  } as GraphNode;
}

/** An edge without view state (selection). */
export function storedEdge(e: GraphEdge): GraphEdge {
  return {
    id: e.id,
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    targetHandle: e.targetHandle,
    style: e.style,
    data: e.data,
  };
}

/** Nodes and their edges as text, as copy and paste carry them. */
export function snapshot(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  return JSON.stringify({ nodes: nodes.map(storedNode), edges: edges.map(storedEdge) });
}

export function restore(text: string): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const graph = JSON.parse(text) as { nodes: GraphNode[]; edges: GraphEdge[] };
  return { ...graph, nodes: graph.nodes.map(upgradeNode) };
}

/**
 * A node as this build holds it. Earlier builds kept a comment's or group's words as
 * `data.text`, outside the document; nodes copied by them still hold that shape. They also
 * gave every node that runs the React Flow type `pipeline`, now STEP, so it is no kind's name.
 */
export function upgradeNode(node: GraphNode): GraphNode {
  if ((node.type as string) === 'pipeline') return { ...node, type: STEP } as GraphNode;
  const data = node.data as Partial<GraphNode['data']> & { text?: unknown };
  if ((node.type !== 'comment' && node.type !== 'group') || typeof data.kind === 'string') return node;
  const text = typeof data.text === 'string' ? data.text : '';
  const size = { ...(node.width !== undefined ? { width: Math.round(node.width) } : {}), ...(node.height !== undefined ? { height: Math.round(node.height) } : {}) };
  const params = node.type === 'group' ? { title: text, ...size } : { text, ...size };
  return { ...node, zIndex: node.type === 'group' ? GROUP_Z : 0, data: { kind: node.type, params } } as GraphNode;
}

/** Most undo steps kept in memory; main trims the stored history further by size. */
export const HISTORY_LIMIT = 100;

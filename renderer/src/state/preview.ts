import type { Pipeline } from '../../../nodes/sdk';
import { toFlow, type GraphEdge, type GraphNode } from './flow-document';

/** A proposed pipeline as the canvas draws it: looked at, never saved, never an undo step. */
export interface GraphPreview {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Node ids the proposal adds and changes, highlighted so the person sees what would differ. */
  added: string[];
  changed: string[];
}

/** The draft's nodes with their mark as a class, so new and changed nodes stand out on the canvas. */
export function previewOf(draft: Pipeline, marks: { added: readonly string[]; changed: readonly string[] }): GraphPreview {
  const added = new Set(marks.added);
  const changed = new Set(marks.changed);
  const flow = toFlow(draft, () => undefined);
  const nodes = flow.nodes.map((n) => {
    const mark = added.has(n.id) ? 'pw-preview-added' : changed.has(n.id) ? 'pw-preview-changed' : undefined;
    // Nothing in a preview can be picked up: it is the proposal, not the person's graph.
    return { ...n, draggable: false, connectable: false, deletable: false, ...(mark ? { className: mark } : {}) } as GraphNode;
  });
  return { nodes, edges: flow.edges, added: [...added], changed: [...changed] };
}

import { useStoreApi, type InternalNode } from '@xyflow/react';
import type { AnyDefinition } from '../../../nodes/sdk';
import type { GraphEdge, GraphNode } from '../state/flow-document';
import type { ShapeHandle } from './node-shape';

type HandleBounds = NonNullable<NonNullable<InternalNode['internals']['handleBounds']>['source']>[number];

/** Whether React Flow has measured the node (its size and handles), so a box can stand in. */
export function useMeasured(id: string): () => boolean {
  const store = useStoreApi<GraphNode, GraphEdge>();
  return () => store.getState().nodeLookup.get(id)?.internals.handleBounds !== undefined;
}

/**
 * A node drawn as a plain box: zoomed far out, or off screen on a big graph (see detail.ts).
 * The same size as the node in full, with invisible stand-ins for its handles exactly where
 * React Flow measured them, so edges stay attached and a new measurement finds the same
 * points. A handful of elements instead of a few dozen: the browser walks every element of the
 * graph when it repaints, hidden ones too.
 */
export function NodeBox({ id, className, height, shape }: { id: string; className: string; height: number; shape?: readonly ShapeHandle[] }) {
  const store = useStoreApi<GraphNode, GraphEdge>();
  // Read once per render, not subscribed: the bounds change only when the node is measured
  // again, which comes with a new height and so a new render. A node not measured yet takes
  // the handles of a node of the same shape (node-shape.ts).
  const bounds = store.getState().nodeLookup.get(id)?.internals.handleBounds;
  const handles: readonly (HandleBounds | ShapeHandle)[] = bounds ? [...(bounds.target ?? []), ...(bounds.source ?? [])] : (shape ?? []);
  return (
    <div className={`${className} lod`} style={{ height }}>
      {handles.map((h) => (
        <div
          key={`${h.type}:${h.id}`}
          className={`react-flow__handle react-flow__handle-${h.position} pw-box-handle ${h.type}`}
          style={{ left: h.x, top: h.y, width: h.width, height: h.height }}
          data-handleid={h.id ?? undefined}
          data-nodeid={id}
          data-handlepos={h.position}
        />
      ))}
    </div>
  );
}


/**
 * The line under a node's title: what its definition's summary makes of its params (defaults
 * filled in), on one line. Params that fail their schema (an edit in progress, an imported
 * template) are summarised as they are, and a summary that throws shows nothing rather than
 * take the canvas down.
 */
export function summaryOf(def: AnyDefinition | undefined, params: Record<string, unknown>): string | undefined {
  if (!def?.summary) return undefined;
  const parsed = def.params.safeParse(params);
  try {
    const line = def.summary(parsed.success ? parsed.data : (params as never));
    return line?.trim().split('\n')[0] || undefined;
  } catch {
    return undefined;
  }
}

import { create } from 'zustand';

/** A handle as React Flow measures it: its box relative to the node's top-left, unzoomed. */
export interface ShapeHandle {
  id: string | null;
  type: 'source' | 'target';
  position: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How a node drawn in full lays out: its height and where its handles sit. */
export interface Shape {
  height: number;
  handles: ShapeHandle[];
}

/** What decides a node's layout: nodes that agree on these come out the same size with the same ports. */
export interface ShapeParts {
  kind: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Rows drawn between the title and the ports, and under them (status, summary, tasks, issues…). */
  rows: readonly (string | number | boolean | undefined)[];
}

export function shapeKey(parts: ShapeParts): string {
  return JSON.stringify([parts.kind, parts.inputs, parts.outputs, parts.rows]);
}

/**
 * Shapes learnt from nodes laid out in full, by shape key, for the session. A big graph opened
 * zoomed out draws its nodes as boxes (detail.ts); a box needs the size and port positions of
 * the node in full. Instead of laying out every node in full once to measure it (on a
 * 1,000-node pipeline, most of the time it took to open), one node of each shape is laid out,
 * and the others are drawn as boxes of its shape straight away. `'full'`: the shape could not be
 * measured (the canvas not laid out), so its nodes are laid out in full as before.
 */
export const useShapes = create<{ shapes: Readonly<Record<string, Shape | 'full'>> }>(() => ({ shapes: {} }));

/** The node that is being laid out in full to learn each shape not yet known. */
const measuring = new Map<string, string>();

/** Whether node `id` is the one to lay out in full for `key` (the first to ask, until the shape is learnt). */
export function claimShape(key: string, id: string): boolean {
  const holder = measuring.get(key);
  if (holder === undefined) measuring.set(key, id);
  return holder === undefined || holder === id;
}

/** Lets another node be laid out for `key`: the one that was went away before it was measured. */
export function releaseShape(key: string, id: string): void {
  if (measuring.get(key) !== id) return;
  measuring.delete(key);
  // The nodes waiting for this shape ask again.
  useShapes.setState((s) => ({ shapes: { ...s.shapes } }));
}

export function learnShape(key: string, shape: Shape | 'full'): void {
  measuring.delete(key);
  if (useShapes.getState().shapes[key] === undefined) useShapes.setState((s) => ({ shapes: { ...s.shapes, [key]: shape } }));
}

/** Reads a node's shape from its element as React Flow would measure it: relative to its wrapper, unzoomed. */
export function measureShape(node: HTMLElement): Shape | undefined {
  const wrapper = node.closest<HTMLElement>('.react-flow__node') ?? node;
  const box = wrapper.getBoundingClientRect();
  if (!wrapper.offsetWidth || !wrapper.offsetHeight) return undefined;
  const zoom = box.width / wrapper.offsetWidth;
  const handles = [...wrapper.querySelectorAll<HTMLElement>('.react-flow__handle')].map((h): ShapeHandle => {
    const r = h.getBoundingClientRect();
    return {
      id: h.dataset.handleid ?? null,
      type: h.classList.contains('source') ? 'source' : 'target',
      position: h.dataset.handlepos ?? 'left',
      x: (r.left - box.left) / zoom,
      y: (r.top - box.top) / zoom,
      width: h.offsetWidth,
      height: h.offsetHeight,
    };
  });
  return { height: wrapper.offsetHeight, handles };
}

/** Forgets what was learnt (tests). */
export function resetShapes(): void {
  measuring.clear();
  useShapes.setState({ shapes: {} });
}

import { storedEdge, storedNode, upgradeNode } from './snapshot';
import type { GraphEdge, GraphNode } from './flow-document';

/**
 * What one undo step changed in a list of nodes or edges, by id. Kept entries that did not
 * change are not named, so a step on a 1,000-node graph stays as small as the edit.
 */
export interface ListPatch<T> {
  /** Entries gone, each with its index in the list before. */
  removed?: [number, T][];
  /** New entries, each with its index in the list after. */
  added?: [number, T][];
  /** Entries kept under their id whose content changed: [before, after]. */
  changed?: [T, T][];
  /** Every id in order, before and after: present only when kept entries changed places. */
  order?: [string[], string[]];
}

/** One undo step: the nodes and edges it changed, forward and back. */
export interface GraphPatch {
  nodes?: ListPatch<GraphNode>;
  edges?: ListPatch<GraphEdge>;
}

export interface GraphLists {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
}

/**
 * The step from `before` to `after`, or undefined when nothing a document keeps changed
 * (selection and measured sizes are view state, not edits).
 */
export function diffGraph(before: GraphLists, after: GraphLists): GraphPatch | undefined {
  const nodes = diffList(before.nodes, after.nodes, storedNode, (n) => JSON.stringify(n));
  // An edge's colour follows its port type, which validation recomputes: not an edit of its own.
  const edges = diffList(before.edges, after.edges, storedEdge, (e) => JSON.stringify([e.source, e.sourceHandle, e.target, e.targetHandle]));
  if (!nodes && !edges) return undefined;
  return { ...(nodes ? { nodes } : {}), ...(edges ? { edges } : {}) };
}

/** `lists` with `patch` applied forward (redo) or backward (undo). */
export function applyPatch(lists: GraphLists, patch: GraphPatch, direction: 'forward' | 'back'): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodePatch = patch.nodes && (direction === 'forward' ? patch.nodes : invert(patch.nodes));
  const edgePatch = patch.edges && (direction === 'forward' ? patch.edges : invert(patch.edges));
  const nodes = nodePatch ? applyList(lists.nodes, nodePatch, upgradeNode) : [...lists.nodes];
  let edges = edgePatch ? applyList(lists.edges, edgePatch, (e) => e) : [...lists.edges];
  // A history written by another window over the same pipeline may not fit this graph: an edge
  // left without one of its nodes would make the document invalid, so it goes.
  const ids = new Set(nodes.map((n) => n.id));
  if (edges.some((e) => !ids.has(e.source) || !ids.has(e.target))) edges = edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return { nodes, edges };
}

function diffList<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
  stored: (entry: T) => T,
  content: (stored: T) => string,
): ListPatch<T> | undefined {
  const afterById = new Map(after.map((e) => [e.id, e]));
  const beforeById = new Map(before.map((e) => [e.id, e]));
  const removed: [number, T][] = [];
  const changed: [T, T][] = [];
  const keptBefore: string[] = [];
  before.forEach((entry, i) => {
    const next = afterById.get(entry.id);
    if (!next) {
      removed.push([i, stored(entry)]);
      return;
    }
    keptBefore.push(entry.id);
    // Unchanged entries keep their object; a new object may still only differ in view state.
    if (next === entry) return;
    const a = stored(entry);
    const b = stored(next);
    if (content(a) !== content(b)) changed.push([a, b]);
  });
  const added: [number, T][] = [];
  const keptAfter: string[] = [];
  after.forEach((entry, i) => {
    if (beforeById.has(entry.id)) keptAfter.push(entry.id);
    else added.push([i, stored(entry)]);
  });
  const reordered = keptBefore.some((id, i) => keptAfter[i] !== id);
  if (!removed.length && !added.length && !changed.length && !reordered) return undefined;
  return {
    ...(removed.length ? { removed } : {}),
    ...(added.length ? { added } : {}),
    ...(changed.length ? { changed } : {}),
    ...(reordered ? { order: [before.map((e) => e.id), after.map((e) => e.id)] as [string[], string[]] } : {}),
  };
}

function invert<T>(patch: ListPatch<T>): ListPatch<T> {
  return {
    ...(patch.added ? { removed: patch.added } : {}),
    ...(patch.removed ? { added: patch.removed } : {}),
    ...(patch.changed ? { changed: patch.changed.map(([a, b]) => [b, a] as [T, T]) } : {}),
    ...(patch.order ? { order: [patch.order[1], patch.order[0]] as [string[], string[]] } : {}),
  };
}

function applyList<T extends { id: string }>(list: readonly T[], patch: ListPatch<T>, upgrade: (entry: T) => T): T[] {
  // Entries come out of a patch as fresh objects: a list never shares them with the history.
  const fresh = (entry: T) => upgrade(structuredClone(entry));
  const gone = new Set((patch.removed ?? []).map(([, e]) => e.id));
  const replaced = new Map((patch.changed ?? []).map(([, after]) => [after.id, after]));
  const added = patch.added ?? [];
  const addedIds = new Set(added.map(([, e]) => e.id));
  const kept = list
    .filter((e) => !gone.has(e.id) && !addedIds.has(e.id))
    .map((e) => (replaced.has(e.id) ? fresh(replaced.get(e.id)!) : e));
  if (patch.order) {
    const byId = new Map(kept.map((e) => [e.id, e]));
    for (const [, e] of added) byId.set(e.id, fresh(e));
    const ordered = patch.order[1].flatMap((id) => {
      const e = byId.get(id);
      byId.delete(id);
      return e ? [e] : [];
    });
    // Entries the order does not know (a history that does not fit this graph) stay, at the end.
    return [...ordered, ...byId.values()];
  }
  const out = [...kept];
  for (const [index, e] of [...added].sort((a, b) => a[0] - b[0])) out.splice(Math.min(index, out.length), 0, fresh(e));
  return out;
}

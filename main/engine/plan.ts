import type { RunScope } from './events';
import { ValidationError } from './errors';
import type { CompiledGraph } from './graph';

/** Which nodes a run covers, and which of them must run whatever the cache holds. */
export interface Plan {
  selected: Uint8Array;
  forced: Uint8Array;
}

function ancestorsInto(graph: CompiledGraph, starts: number[], mark: Uint8Array): void {
  const stack = [...starts];
  for (const s of starts) mark[s] = 1;
  while (stack.length) {
    for (const w of graph.nodes[stack.pop()!].wires) {
      if (!mark[w.from]) {
        mark[w.from] = 1;
        stack.push(w.from);
      }
    }
  }
}

function descendants(graph: CompiledGraph, start: number): number[] {
  const mark = new Uint8Array(graph.nodes.length);
  const found = [start];
  mark[start] = 1;
  for (let h = 0; h < found.length; h++) {
    for (const d of graph.nodes[found[h]].out) {
      if (!mark[d]) {
        mark[d] = 1;
        found.push(d);
      }
    }
  }
  return found;
}

/**
 * - all: every node; the cache decides what runs.
 * - upTo X: X and what it needs.
 * - node X: the same set, X runs even when cached.
 * - from X: X and everything after it run; what they need comes from the cache or runs.
 * The selection is always closed upstream, so every selected node has its inputs.
 */
export function planScope(graph: CompiledGraph, scope: RunScope): Plan {
  const n = graph.nodes.length;
  const selected = new Uint8Array(n);
  const forced = new Uint8Array(n);
  if (scope.kind === 'all') {
    selected.fill(1);
    return { selected, forced };
  }
  const target = graph.byId.get(scope.nodeId);
  if (target === undefined && graph.annotations.has(scope.nodeId)) {
    throw new ValidationError([
      {
        nodeId: scope.nodeId,
        code: 'unknown-scope-node',
        message: `node "${scope.nodeId}" is a note on the canvas (a comment or a group): it never runs; pick a node that does`,
      },
    ]);
  }
  if (target === undefined) {
    throw new ValidationError([
      {
        nodeId: scope.nodeId,
        code: 'unknown-scope-node',
        message: `cannot run ${scope.kind === 'from' ? 'from' : scope.kind === 'upTo' ? 'up to' : 'only'} node "${scope.nodeId}": the pipeline "${graph.doc.id}" has no node with that id`,
      },
    ]);
  }
  if (scope.kind === 'from') {
    const after = descendants(graph, target);
    for (const d of after) forced[d] = 1;
    ancestorsInto(graph, after, selected);
    return { selected, forced };
  }
  ancestorsInto(graph, [target], selected);
  if (scope.kind === 'node') forced[target] = 1;
  return { selected, forced };
}

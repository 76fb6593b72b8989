import { describeNode, type ValidationIssue } from './errors';
import type { CompiledGraph } from './graph';

/** Nodes that a topological sort cannot order: those in a cycle or downstream of one. */
function unorderable(graph: CompiledGraph): Uint8Array {
  const n = graph.nodes.length;
  const indeg = new Int32Array(n);
  for (const node of graph.nodes) for (const d of node.out) indeg[d]++;
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) queue.push(i);
  for (let h = 0; h < queue.length; h++) {
    for (const d of graph.nodes[queue[h]].out) if (--indeg[d] === 0) queue.push(d);
  }
  const left = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (indeg[i] > 0) left[i] = 1;
  return left;
}

/** Strongly connected components of the nodes in `within` (Tarjan, iterative: graphs are deep). */
function components(graph: CompiledGraph, within: Uint8Array): number[][] {
  const n = graph.nodes.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (!within[root] || index[root] !== -1) continue;
    const frames: Array<[node: number, edge: number]> = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length) {
      const frame = frames[frames.length - 1];
      const u = frame[0];
      const out = graph.nodes[u].out;
      if (frame[1] < out.length) {
        const w = out[frame[1]++];
        if (!within[w]) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push([w, 0]);
        } else if (onStack[w]) low[u] = Math.min(low[u], index[w]);
        continue;
      }
      frames.pop();
      if (frames.length) {
        const parent = frames[frames.length - 1][0];
        low[parent] = Math.min(low[parent], low[u]);
      }
      if (low[u] === index[u]) {
        const scc: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          scc.push(w);
        } while (w !== u);
        result.push(scc);
      }
    }
  }
  return result;
}

/** The shortest way from `start` back to itself inside one component, as node indices. */
function loopThrough(graph: CompiledGraph, start: number, members: Set<number>): number[] {
  const prev = new Map<number, number>();
  const queue = [start];
  for (let h = 0; h < queue.length; h++) {
    const u = queue[h];
    for (const w of graph.nodes[u].out) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let v = u; v !== start; v = prev.get(v)!) path.push(v);
        path.push(start);
        // Built backwards from the closing edge; reverse to read in edge direction.
        return [start, ...path.slice(1, -1).reverse(), start];
      }
      if (!prev.has(w)) {
        prev.set(w, u);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** How many nodes of a long cycle its message names: the start of the loop, then a count. */
const NAMED_IN_CYCLE = 12;

function loopText(ids: readonly string[]): string {
  if (ids.length <= NAMED_IN_CYCLE + 1) return ids.join(' → ');
  const shown = ids.slice(0, NAMED_IN_CYCLE);
  return `${shown.join(' → ')} → … (${ids.length - 1 - NAMED_IN_CYCLE} more) → ${ids[ids.length - 1]}`;
}

/** One issue per cycle (per strongly connected component), naming its nodes in edge order. */
export function findCycles(graph: CompiledGraph): ValidationIssue[] {
  const left = unorderable(graph);
  if (!left.includes(1)) return [];
  const issues: ValidationIssue[] = [];
  for (const scc of components(graph, left)) {
    // Not Math.min(...scc): spreading a component of 200,000 nodes overflows the stack.
    const start = scc.reduce((a, b) => (b < a ? b : a));
    const selfLoop = graph.nodes[start].out.includes(start);
    if (scc.length === 1 && !selfLoop) continue;
    const loop = loopThrough(graph, start, new Set(scc));
    const names = loopText(loop.map((i) => graph.nodes[i].id));
    issues.push({
      nodeId: graph.nodes[start].id,
      code: 'cycle',
      message: `${describeNode(graph.nodes[start].inst)} waits on itself, cycle: ${names}; remove one of these edges`,
    });
  }
  return issues;
}

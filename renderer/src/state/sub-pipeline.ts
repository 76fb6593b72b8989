import { definitions, definitionsByKind } from '../../../nodes/definitions';
import { FORMAT, type NodeRole, type Pipeline, type PortDecl, type PortType, type ResolvedPorts } from '../../../nodes/sdk';
import { edgeStyle, freshId, isPipelineNode, STEP, toDocument, type GraphEdge, type GraphNode } from './flow-document';
import { findPort, nodePorts } from './ports';

/** What a graph holds when a sub-pipeline is cut out of it. */
export interface GraphView {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  resolvedPorts: Readonly<Record<string, ResolvedPorts>>;
}

/** The outer graph once the selection is replaced by one node that runs the new pipeline. */
export interface Replacement {
  nodes: GraphNode[];
  edges: GraphEdge[];
  nodeId: string;
  ports: ResolvedPorts;
}

export interface SubPipelinePlan {
  /** The new pipeline: the selected nodes, an input node per value that came in, an output node per value that went out. */
  doc: Pipeline;
  /** The outer graph with the selection replaced by a node that runs the pipeline saved as `ref`. */
  replace(ref: string): Replacement;
}

const kindOf = (role: NodeRole) => definitions.find((d) => d.role === role);

/** Space between the selection and the input and output nodes added around it. */
const GAP = 320;
const ROW = 110;
/** A step's width on the canvas before it is measured. */
const NODE_WIDTH = 220;

/**
 * Cuts the selected nodes out into a pipeline of their own. Each value that crossed into the
 * selection (one per outside output port, however many nodes inside read it) becomes a declared
 * input with a `pipeline-input` node; each that crossed out becomes a declared output with a
 * `pipeline-output` node. The outer graph keeps every outside node, wired to the new node's
 * ports as it was wired to the selection. Returns why not when the selection cannot be cut.
 */
export function planSubPipeline(graph: GraphView, meta: { id: string; name: string; description?: string }): SubPipelinePlan | string {
  const input = kindOf('pipeline-input');
  const output = kindOf('pipeline-output');
  const sub = kindOf('subpipeline');
  if (!input || !output || !sub) return 'this build has no node kind for pipeline inputs, outputs or sub-pipelines';
  const selected = graph.nodes.filter((n) => n.selected);
  if (!selected.length) return 'select the nodes to make into a sub-pipeline first (click them with Ctrl, or Shift+drag a box)';
  const steps = selected.filter(isPipelineNode);
  if (!steps.length) return 'the selection holds only comments and groups: select at least one step to make a sub-pipeline';
  const boundary = steps.find((n) => {
    const role = definitionsByKind.get(n.data.kind)?.role;
    return role === 'pipeline-input' || role === 'pipeline-output';
  });
  if (boundary) return `"${boundary.id}" is an input or output of this pipeline and stays in it: leave it out of the selection`;

  const inside = new Set(selected.map((n) => n.id));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const portType = (nodeId: string, side: 'in' | 'out', port: string | null | undefined): PortType | undefined => {
    const n = byId.get(nodeId);
    if (!n || !isPipelineNode(n)) return undefined;
    return findPort(nodePorts(n.data.kind, n.data.params, graph.resolvedPorts[nodeId]), side, port)?.type;
  };
  const group = (edges: GraphEdge[]) => {
    const groups = new Map<string, GraphEdge[]>();
    for (const e of edges) {
      const key = `${e.source}\0${e.sourceHandle ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    return [...groups.values()];
  };
  const unique = (base: string, taken: Set<string>) => {
    const name = freshId(base || 'value', taken);
    taken.add(name);
    return name;
  };

  const box = selected.reduce(
    (b, n) => ({
      x1: Math.min(b.x1, n.position.x),
      y1: Math.min(b.y1, n.position.y),
      x2: Math.max(b.x2, n.position.x + (n.measured?.width ?? n.width ?? NODE_WIDTH)),
    }),
    { x1: Infinity, y1: Infinity, x2: -Infinity },
  );
  const innerIds = new Set(inside);
  const innerNodes: GraphNode[] = selected.map((n) => ({ ...n, selected: false }));
  const innerEdges: GraphEdge[] = graph.edges.filter((e) => inside.has(e.source) && inside.has(e.target));
  const outerEdges: { from: [string, string]; to: [string, string]; type: PortType }[] = [];
  const ioNode = (def: typeof input, base: string, params: Record<string, unknown>, x: number, y: number) => {
    const id = unique(base, innerIds);
    innerNodes.push({ id, type: STEP, position: { x, y }, data: { kind: def.kind, version: def.version, params } });
    return id;
  };
  const innerEdge = (from: [string, string], to: [string, string]) => {
    const ids = new Set(innerEdges.map((e) => e.id));
    innerEdges.push({ id: freshId(`e-${from[0]}-${to[0]}`, ids), source: from[0], sourceHandle: from[1], target: to[0], targetHandle: to[1] });
  };

  // Values coming in: one input per outside port, placed level with the first node reading it.
  const inputs: PortDecl[] = [];
  const inNames = new Set<string>();
  let nextInY = -Infinity;
  const incoming = graph.edges.filter((e) => !inside.has(e.source) && inside.has(e.target));
  for (const edges of group(incoming)) {
    const first = edges[0];
    const name = unique(first.targetHandle ?? '', inNames);
    const from = portType(first.source, 'out', first.sourceHandle);
    const type = from && from !== 'any' ? from : (portType(first.target, 'in', first.targetHandle) ?? 'any');
    const y = Math.max(byId.get(first.target)!.position.y, nextInY);
    nextInY = y + ROW;
    const id = ioNode(input, `in-${name}`, { name, type }, box.x1 - GAP, y);
    for (const e of edges) innerEdge([id, 'value'], [e.target, e.targetHandle ?? '']);
    inputs.push({ name, type });
    outerEdges.push({ from: [first.source, first.sourceHandle ?? ''], to: ['', name], type });
  }

  // Values going out: one output per inside port, however many outside nodes read it.
  const outputs: PortDecl[] = [];
  const outNames = new Set<string>();
  let nextOutY = -Infinity;
  const outgoing = graph.edges.filter((e) => inside.has(e.source) && !inside.has(e.target));
  for (const edges of group(outgoing)) {
    const first = edges[0];
    const name = unique(first.sourceHandle ?? '', outNames);
    const type = portType(first.source, 'out', first.sourceHandle) ?? 'any';
    const y = Math.max(byId.get(first.source)!.position.y, nextOutY);
    nextOutY = y + ROW;
    const id = ioNode(output, `out-${name}`, { name }, box.x2 + GAP - NODE_WIDTH, y);
    innerEdge([first.source, first.sourceHandle ?? ''], [id, 'value']);
    outputs.push({ name, type });
    for (const e of edges) outerEdges.push({ from: ['', name], to: [e.target, e.targetHandle ?? ''], type });
  }

  const doc = toDocument(
    {
      format: FORMAT,
      id: meta.id,
      name: meta.name,
      ...(meta.description ? { description: meta.description } : {}),
      ...(inputs.length ? { inputs } : {}),
      ...(outputs.length ? { outputs } : {}),
    },
    innerNodes,
    innerEdges,
  );

  return {
    doc,
    replace(ref: string) {
      const kept = graph.nodes.filter((n) => !inside.has(n.id));
      const nodeId = freshId(ref, new Set(graph.nodes.map((n) => n.id)));
      const node: GraphNode = {
        id: nodeId,
        type: STEP,
        // Where the middle of the selection was, so the nodes around it keep their distance.
        position: { x: Math.round((box.x1 + box.x2) / 2 - NODE_WIDTH / 2), y: box.y1 },
        selected: true,
        data: { kind: sub.kind, version: sub.version, params: { ref }, label: meta.name },
      };
      const edgeIds = new Set(graph.edges.filter((e) => !inside.has(e.source) && !inside.has(e.target)).map((e) => e.id));
      const rewired: GraphEdge[] = outerEdges.map(({ from, to, type }) => {
        const [source, sourceHandle] = from[0] ? from : [nodeId, from[1]];
        const [target, targetHandle] = to[0] ? to : [nodeId, to[1]];
        const id = freshId(`e-${source}-${target}`, edgeIds);
        edgeIds.add(id);
        return { id, source, sourceHandle, target, targetHandle, ...edgeStyle(type) };
      });
      return {
        nodes: [...kept.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
        edges: [...graph.edges.filter((e) => !inside.has(e.source) && !inside.has(e.target)), ...rewired],
        nodeId,
        ports: { inputs, outputs },
      };
    },
  };
}

import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
import { PORT_COLOURS, type EngineSettings, type NodeInstance, type Pipeline, type PortType } from '../../../nodes/sdk';

/** What every node on the canvas carries: its document node, less id and position. */
export interface PipelineNodeData extends Record<string, unknown> {
  kind: string;
  /** The version of the kind the params were written for (the document records it). */
  version?: number;
  params: Record<string, unknown>;
  /** Engine settings (retries, timeout), beside params. */
  settings?: EngineSettings;
  label?: string;
  disabled?: boolean;
}

/** Comments and groups: document nodes of kind `comment` and `group`, drawn as notes and frames. */
export type AnnotationType = 'comment' | 'group';

export type PipelineFlowNode = FlowNode<PipelineNodeData, 'pipeline'>;
export type AnnotationFlowNode = FlowNode<PipelineNodeData, AnnotationType>;
export type GraphNode = PipelineFlowNode | AnnotationFlowNode;
export type GraphEdge = FlowEdge<{ portType?: PortType }>;

/** What a document keeps besides nodes and edges (name, declared interface…). */
export type DocumentMeta = Omit<Pipeline, 'nodes' | 'edges'>;

/** Size of a new comment or group, and of a comment whose params name none. */
export const ANNOTATION_SIZE: Record<AnnotationType, { width: number; height: number }> = {
  comment: { width: 240, height: 120 },
  group: { width: 480, height: 320 },
};

export function isAnnotationKind(kind: string): kind is AnnotationType {
  return kind === 'comment' || kind === 'group';
}

export function isPipelineNode(node: GraphNode): node is PipelineFlowNode {
  return node.type === 'pipeline';
}

export function isAnnotation(node: GraphNode): node is AnnotationFlowNode {
  return node.type === 'comment' || node.type === 'group';
}

export function edgeStyle(portType: PortType | undefined): Pick<GraphEdge, 'style' | 'data'> {
  return { style: { stroke: PORT_COLOURS[portType ?? 'any'], strokeWidth: 2 }, data: { portType } };
}

/**
 * Groups lie under everything, selected or not: React Flow lifts a selected node by 1000, so a
 * group sits 1001 below the nodes it frames (a selected group would otherwise cover them).
 */
export const GROUP_Z = -1001;

/** A document node as the canvas holds it. */
export function toFlowNode(n: NodeInstance): GraphNode {
  const data: PipelineNodeData = {
    kind: n.kind,
    ...(n.version !== undefined ? { version: n.version } : {}),
    params: n.params,
    ...(n.settings !== undefined ? { settings: n.settings } : {}),
    ...(n.label !== undefined ? { label: n.label } : {}),
    ...(n.disabled !== undefined ? { disabled: n.disabled } : {}),
  };
  if (!isAnnotationKind(n.kind)) return { id: n.id, type: 'pipeline', position: n.position, data };
  const size = ANNOTATION_SIZE[n.kind];
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);
  return {
    id: n.id,
    type: n.kind,
    position: n.position,
    width: num(n.params.width, size.width),
    height: num(n.params.height, size.height),
    zIndex: n.kind === 'group' ? GROUP_Z : 0,
    data,
  };
}

/** Groups first, so that they are drawn under the nodes they frame. */
export function groupsFirst(nodes: readonly GraphNode[]): GraphNode[] {
  return [...nodes.filter((n) => n.type === 'group'), ...nodes.filter((n) => n.type !== 'group')];
}

export function toFlow(
  doc: Pipeline,
  portType: (nodeId: string, port: string) => PortType | undefined,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const edges: GraphEdge[] = doc.edges.map((e) => ({
    id: e.id,
    source: e.from.node,
    sourceHandle: e.from.port,
    target: e.to.node,
    targetHandle: e.to.port,
    ...edgeStyle(portType(e.from.node, e.from.port)),
  }));
  return { nodes: groupsFirst(doc.nodes.map(toFlowNode)), edges };
}

/**
 * A comment's or group's params with its size on the canvas written in: the canvas's resize
 * handles change the node's size, the document keeps it in params. A size still at the default
 * that the params never named stays unnamed, so a document round-trips as it was.
 */
function withSize(n: AnnotationFlowNode): Record<string, unknown> {
  const params = { ...n.data.params };
  const fallback = ANNOTATION_SIZE[n.type ?? 'comment'];
  for (const key of ['width', 'height'] as const) {
    const size = n[key] ?? n.measured?.[key];
    if (size === undefined || (params[key] === undefined && size === fallback[key])) continue;
    params[key] = Math.round(size);
  }
  return params;
}

export function toDocument(meta: DocumentMeta, nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Pipeline {
  return {
    ...meta,
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.data.kind,
      ...(n.data.version !== undefined ? { version: n.data.version } : {}),
      params: isAnnotation(n) ? withSize(n) : n.data.params,
      ...(n.data.settings && Object.keys(n.data.settings).length ? { settings: n.data.settings } : {}),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      ...(n.data.label ? { label: n.data.label } : {}),
      ...(n.data.disabled ? { disabled: true } : {}),
    })),
    edges: edges.map((e) => ({
      id: e.id,
      from: { node: e.source, port: e.sourceHandle ?? '' },
      to: { node: e.target, port: e.targetHandle ?? '' },
    })),
  };
}

/** A fresh id for a new node: the kind, then the first free number. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/[^A-Za-z0-9_.:-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'node';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

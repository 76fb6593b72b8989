import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
import { PORT_COLOURS, type Pipeline, type PortType } from '../../../nodes/sdk';
import type { Annotation } from '../../../preload/contract';

export interface PipelineNodeData extends Record<string, unknown> {
  kind: string;
  params: Record<string, unknown>;
  label?: string;
  disabled?: boolean;
}

export interface AnnotationData extends Record<string, unknown> {
  text: string;
}

export type PipelineFlowNode = FlowNode<PipelineNodeData, 'pipeline'>;
export type AnnotationFlowNode = FlowNode<AnnotationData, 'comment' | 'group'>;
export type GraphNode = PipelineFlowNode | AnnotationFlowNode;
export type GraphEdge = FlowEdge<{ portType?: PortType }>;

/** What a document keeps besides nodes and edges (name, declared interface…). */
export type DocumentMeta = Omit<Pipeline, 'nodes' | 'edges'>;

export function isPipelineNode(node: GraphNode): node is PipelineFlowNode {
  return node.type === 'pipeline';
}

export function edgeStyle(portType: PortType | undefined): Pick<GraphEdge, 'style' | 'data'> {
  return { style: { stroke: PORT_COLOURS[portType ?? 'any'], strokeWidth: 2 }, data: { portType } };
}

export function toFlow(
  doc: Pipeline,
  annotations: readonly Annotation[],
  portType: (nodeId: string, port: string) => PortType | undefined,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  // Groups first so they are drawn under the nodes they frame.
  const frames: GraphNode[] = annotations.map((a) => ({
    id: a.id,
    type: a.type,
    position: a.position,
    width: a.width,
    height: a.height,
    zIndex: a.type === 'group' ? -1 : 0,
    data: { text: a.text },
  }));
  const nodes: GraphNode[] = doc.nodes.map((n) => ({
    id: n.id,
    type: 'pipeline',
    position: n.position,
    data: {
      kind: n.kind,
      params: n.params,
      ...(n.label !== undefined ? { label: n.label } : {}),
      ...(n.disabled !== undefined ? { disabled: n.disabled } : {}),
    },
  }));
  const edges: GraphEdge[] = doc.edges.map((e) => ({
    id: e.id,
    source: e.from.node,
    sourceHandle: e.from.port,
    target: e.to.node,
    targetHandle: e.to.port,
    ...edgeStyle(portType(e.from.node, e.from.port)),
  }));
  return { nodes: [...frames.filter((f) => f.type === 'group'), ...nodes, ...frames.filter((f) => f.type !== 'group')], edges };
}

export function toDocument(meta: DocumentMeta, nodes: readonly GraphNode[], edges: readonly GraphEdge[]): Pipeline {
  return {
    ...meta,
    nodes: nodes.filter(isPipelineNode).map((n) => ({
      id: n.id,
      kind: n.data.kind,
      params: n.data.params,
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

export function toAnnotations(nodes: readonly GraphNode[]): Annotation[] {
  return nodes
    .filter((n): n is AnnotationFlowNode => n.type === 'comment' || n.type === 'group')
    .map((n) => ({
      id: n.id,
      type: n.type,
      text: n.data.text,
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      width: Math.round(n.width ?? n.measured?.width ?? 240),
      height: Math.round(n.height ?? n.measured?.height ?? 120),
    }));
}

/** A fresh id for a new node: the kind, then the first free number. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/[^A-Za-z0-9_.:-]/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'node';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

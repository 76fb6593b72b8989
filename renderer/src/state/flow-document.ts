import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
import { definitions, definitionsByKind } from '../../../nodes/definitions';
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

/**
 * An annotation's kind (its definition says `annotation: true`), which is also its React Flow
 * type: the canvas draws each annotation kind with a view of its own.
 */
export type AnnotationType = string;

/** React Flow's type for every node that runs, whatever its kind. */
export const STEP = 'step';

export type PipelineFlowNode = FlowNode<PipelineNodeData, typeof STEP>;
export type AnnotationFlowNode = FlowNode<PipelineNodeData, AnnotationType>;
export type GraphNode = PipelineFlowNode | AnnotationFlowNode;
export type GraphEdge = FlowEdge<{ portType?: PortType }>;

/** What a document keeps besides nodes and edges (name, declared interface…). */
export type DocumentMeta = Omit<Pipeline, 'nodes' | 'edges'>;

const NOTE_SIZE = { width: 240, height: 120 };

/** Size of a new annotation, and of one whose params name none, by kind (its definition's canvasSize). */
export const ANNOTATION_SIZE: Readonly<Record<AnnotationType, { width: number; height: number }>> = Object.fromEntries(
  definitions.filter((d) => d.annotation).map((d) => [d.kind, d.canvasSize ?? NOTE_SIZE]),
);

export function isAnnotationKind(kind: string): kind is AnnotationType {
  return definitionsByKind.get(kind)?.annotation === true;
}

/** An annotation kind drawn behind the nodes it frames, moving them with it (a group). */
export function isFrameKind(kind: string | undefined): boolean {
  return kind !== undefined && definitionsByKind.get(kind)?.frame === true;
}

/** The kind that frames a selection, when one is defined. */
export const FRAME_KIND: string | undefined = definitions.find((d) => d.annotation && d.frame)?.kind;

/** The param holding an annotation's words (a comment's text, a group's title), when it has words. */
export function annotationTextParam(kind: string): string | undefined {
  return definitionsByKind.get(kind)?.canvasText;
}

export function isPipelineNode(node: GraphNode): node is PipelineFlowNode {
  return node.type === STEP;
}

export function isAnnotation(node: GraphNode): node is AnnotationFlowNode {
  return node.type !== undefined && isAnnotationKind(node.type);
}

export function edgeStyle(portType: PortType | undefined): Pick<GraphEdge, 'style' | 'data'> {
  return { style: { stroke: PORT_COLOURS[portType ?? 'any'], strokeWidth: 2 }, data: { portType } };
}

/**
 * Frames (groups) lie under everything, selected or not: React Flow lifts a selected node by
 * 1000, so a frame sits 1001 below the nodes it frames (a selected one would otherwise cover them).
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
  if (!isAnnotationKind(n.kind)) return { id: n.id, type: STEP, position: n.position, data };
  const size = ANNOTATION_SIZE[n.kind];
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && v > 0 ? v : fallback);
  return {
    id: n.id,
    type: n.kind,
    position: n.position,
    width: num(n.params.width, size.width),
    height: num(n.params.height, size.height),
    zIndex: isFrameKind(n.kind) ? GROUP_Z : 0,
    data,
  };
}

/** Frames (groups) first, so that they are drawn under the nodes they frame. */
export function groupsFirst(nodes: readonly GraphNode[]): GraphNode[] {
  return [...nodes.filter((n) => isFrameKind(n.type)), ...nodes.filter((n) => !isFrameKind(n.type))];
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
 * An annotation's params with its size on the canvas written in: the canvas's resize
 * handles change the node's size, the document keeps it in params. A size still at the default
 * that the params never named stays unnamed, so a document round-trips as it was.
 */
function withSize(n: AnnotationFlowNode): Record<string, unknown> {
  const params = { ...n.data.params };
  const fallback = ANNOTATION_SIZE[n.data.kind] ?? NOTE_SIZE;
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
      params: isPipelineNode(n) ? n.data.params : withSize(n),
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

import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { create } from 'zustand';
import type { Pipeline, ResolvedPorts } from '../../../nodes/sdk';
import type { ValidationIssueInfo } from '../../../preload/contract';
import { defaultParams } from './defaults';
import {
  ANNOTATION_SIZE,
  annotationTextParam,
  edgeStyle,
  FRAME_KIND,
  freshId,
  groupsFirst,
  isAnnotation,
  isAnnotationKind,
  isFrameKind,
  isPipelineNode,
  STEP,
  toDocument,
  toFlow,
  toFlowNode,
  type AnnotationType,
  type DocumentMeta,
  type GraphEdge,
  type GraphNode,
  type PipelineNodeData,
} from './flow-document';
import { findPort, incompatibility, nodePorts } from './ports';
import { applyPatch, diffGraph, type GraphLists } from './graph-patch';
import type { GraphPreview } from './preview';
import { HISTORY_LIMIT, restore, snapshot, upgradeNode } from './snapshot';
import type { Replacement } from './sub-pipeline';
import { nextStep, type UndoStacks, type UndoStep } from './undo-history';

/** What a node dropped from the palette starts with besides its kind's defaults. */
export interface NodeInit {
  params?: Record<string, unknown>;
  label?: string;
  /** Its ports as the palette knows them, shown until validation resolves them. */
  ports?: ResolvedPorts;
}

export interface Clip {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface GraphState {
  pipelineId?: string;
  projectId?: string;
  meta?: DocumentMeta;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Undo steps, oldest first: each holds only what its edit changed. */
  past: UndoStep[];
  /** Undone steps, the next redo first. */
  future: UndoStep[];
  /** Goes up on every change to the document: what autosave and validation watch. */
  revision: number;
  /** True while a past run is shown: nothing may change. */
  readOnly: boolean;
  issues: ValidationIssueInfo[];
  issuesByNode: Record<string, ValidationIssueInfo[]>;
  resolvedPorts: Record<string, ResolvedPorts>;
  /**
   * A proposed pipeline shown in place of the graph (the chat's plan). While it is shown the
   * graph itself cannot change, and the preview is no edit: no revision, no undo step, no save.
   */
  preview?: GraphPreview;

  load(opened: { doc: Pipeline; projectId: string }, history?: UndoStacks): void;
  unload(): void;
  setReadOnly(readOnly: boolean): void;
  showPreview(preview: GraphPreview): void;
  clearPreview(): void;
  onNodesChange(changes: NodeChange<GraphNode>[]): void;
  onEdgesChange(changes: EdgeChange<GraphEdge>[]): void;
  /** Connects two ports, or returns why they may not be connected. */
  connect(connection: Connection): string | undefined;
  checkConnection(connection: Pick<Connection, 'source' | 'sourceHandle' | 'target' | 'targetHandle'>): string | undefined;
  addNode(kind: string, position: XYPosition, init?: NodeInit): string;
  /** Adds a comment (a sticky note) or a group (a frame behind nodes): nodes of the document that never run. */
  addAnnotation(type: AnnotationType, position: XYPosition, size?: { width: number; height: number }, text?: string): string;
  groupSelection(): string | undefined;
  updateParams(nodeId: string, params: Record<string, unknown>, coalesceKey?: string): void;
  updateNode(nodeId: string, patch: Partial<Pick<PipelineNodeData, 'label' | 'disabled' | 'settings'>>): void;
  /** A comment's text or a group's title, as typed on the canvas. */
  updateAnnotation(id: string, text: string): void;
  /** Moves several nodes at once (dragging a group moves what it frames). */
  moveNodes(moves: Record<string, XYPosition>): void;
  /** Places nodes anew, a group resized to its new frame: one undo step (Arrange). */
  setLayout(boxes: ReadonlyMap<string, XYPosition & { width: number; height: number }>): void;
  deleteSelected(): void;
  selectAll(): void;
  selectOnly(nodeId: string | undefined): void;
  copySelection(): Clip | undefined;
  paste(clip: Clip, offset?: XYPosition): void;
  replaceDocument(doc: Pipeline): void;
  /** Puts the node that runs a new sub-pipeline in place of the nodes cut out into it: one undo step. */
  replaceWithSubPipeline(replacement: Replacement): void;
  undo(): void;
  redo(): void;
  setValidation(issues: ValidationIssueInfo[], resolvedPorts: Record<string, ResolvedPorts>): void;
  document(): Pipeline;
}

const EMPTY: Pick<GraphState, 'nodes' | 'edges' | 'past' | 'future' | 'issues' | 'issuesByNode' | 'resolvedPorts'> = {
  nodes: [],
  edges: [],
  past: [],
  future: [],
  issues: [],
  issuesByNode: {},
  resolvedPorts: {},
};

export const useGraph = create<GraphState>()((set, get) => {
  // The graph before a drag or resize began: the gesture is one undo step when it ends.
  let gestureStart: GraphLists | undefined;
  // Typing in one field: the graph before the first key, and the step the keys since amend.
  let lastCoalesce: { key: string; at: number; base: GraphLists; step?: UndoStep } | undefined;

  const lists = (): GraphLists => ({ nodes: get().nodes, edges: get().edges });

  /** Applies `next`, records what changed since `before` as an undo step, and bumps the revision. */
  const commit = (next: Partial<GraphState>, before = lists()) => {
    if (get().readOnly || get().preview) return;
    lastCoalesce = undefined;
    set((s) => {
      const patch = diffGraph(before, { nodes: next.nodes ?? s.nodes, edges: next.edges ?? s.edges });
      // An action that changed nothing a document keeps is no undo step, and keeps redo.
      if (!patch) return { ...next, revision: s.revision + 1 };
      const past = [...s.past, { step: nextStep(s), patch }].slice(-HISTORY_LIMIT);
      return { ...next, past, future: [], revision: s.revision + 1 };
    });
  };

  const portTypeOf = (nodes: readonly GraphNode[], resolved: Record<string, ResolvedPorts>) => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return (nodeId: string, port: string) => {
      const node = byId.get(nodeId);
      if (!node || !isPipelineNode(node)) return undefined;
      return findPort(nodePorts(node.data.kind, node.data.params, resolved[nodeId]), 'out', port)?.type;
    };
  };

  const takenIds = () => new Set(get().nodes.map((n) => n.id));

  return {
    ...EMPTY,
    revision: 0,
    readOnly: false,

    load(opened, history) {
      const { doc } = opened;
      const { nodes: _n, edges: _e, ...meta } = doc;
      const flow = toFlow(doc, portTypeOf(doc.nodes.map(toFlowNode), {}));
      gestureStart = undefined;
      lastCoalesce = undefined;
      set({
        ...EMPTY,
        preview: undefined,
        pipelineId: doc.id,
        projectId: opened.projectId,
        meta,
        nodes: flow.nodes,
        edges: flow.edges,
        past: history?.past.slice(-HISTORY_LIMIT) ?? [],
        future: history?.future.slice(0, HISTORY_LIMIT) ?? [],
        readOnly: false,
        revision: 0,
      });
    },

    unload() {
      set({ ...EMPTY, preview: undefined, pipelineId: undefined, projectId: undefined, meta: undefined, readOnly: false, revision: 0 });
    },

    showPreview(preview) {
      set({ preview });
    },

    clearPreview() {
      if (get().preview) set({ preview: undefined });
    },

    setReadOnly(readOnly) {
      set({ readOnly });
    },

    onNodesChange(changes) {
      const s = get();
      if (s.preview) {
        // A proposal is looked at and measured, never moved or edited.
        const allowed = changes.filter((c) => c.type === 'select' || (c.type === 'dimensions' && c.resizing === undefined));
        set({ preview: { ...s.preview, nodes: applyNodeChanges(allowed, s.preview.nodes) } });
        return;
      }
      let edited = false;
      let gestureEnded = false;
      for (const c of changes) {
        if (c.type === 'position') {
          if (c.dragging) gestureStart ??= { nodes: s.nodes, edges: s.edges };
          else if (gestureStart) gestureEnded = true;
        } else if (c.type === 'dimensions' && c.resizing !== undefined) {
          if (c.resizing) gestureStart ??= { nodes: s.nodes, edges: s.edges };
          else if (gestureStart) gestureEnded = true;
        } else if (c.type === 'remove' || c.type === 'add' || c.type === 'replace') {
          edited = true;
        }
      }
      if (s.readOnly) {
        // A past run can be looked at, selected and measured, never changed.
        const allowed = changes.filter((c) => c.type === 'select' || (c.type === 'dimensions' && c.resizing === undefined));
        set({ nodes: applyNodeChanges(allowed, s.nodes) });
        return;
      }
      let nodes = applyNodeChanges(changes, s.nodes);
      const resized = new Set(changes.flatMap((c) => (c.type === 'dimensions' && c.resizing === false ? [c.id] : [])));
      if (resized.size) nodes = nodes.map((n) => (resized.has(n.id) && isAnnotation(n) ? sizeIntoParams(n) : n));
      if (gestureEnded) {
        const before = gestureStart!;
        gestureStart = undefined;
        commit({ nodes }, before);
      } else if (edited) {
        commit({ nodes });
      } else {
        set({ nodes });
      }
    },

    onEdgesChange(changes) {
      const s = get();
      if (s.preview) {
        set({ preview: { ...s.preview, edges: applyEdgeChanges(changes.filter((c) => c.type === 'select'), s.preview.edges) } });
        return;
      }
      const allowed = s.readOnly ? changes.filter((c) => c.type === 'select') : changes;
      const edges = applyEdgeChanges(allowed, s.edges);
      if (allowed.some((c) => c.type === 'remove' || c.type === 'add')) commit({ edges });
      else set({ edges });
    },

    checkConnection({ source, sourceHandle, target, targetHandle }) {
      const { nodes, resolvedPorts } = get();
      if (source === target) return 'a node cannot feed itself';
      const from = nodes.find((n) => n.id === source);
      const to = nodes.find((n) => n.id === target);
      if (!from || !to || !isPipelineNode(from) || !isPipelineNode(to)) return 'connect two pipeline nodes';
      const out = findPort(nodePorts(from.data.kind, from.data.params, resolvedPorts[from.id]), 'out', sourceHandle);
      const inp = findPort(nodePorts(to.data.kind, to.data.params, resolvedPorts[to.id]), 'in', targetHandle);
      if (!out || !inp) return 'drag from an output port (right) to an input port (left)';
      return incompatibility(out.type, inp.type);
    },

    connect(connection) {
      const s = get();
      if (s.readOnly) return 'this is a past run: go back to editing to change the graph';
      if (s.preview) return 'this is a proposal from the chat: confirm or discard it before editing';
      const reason = s.checkConnection(connection);
      if (reason) return reason;
      const from = s.nodes.find((n) => n.id === connection.source)!;
      const portType = isPipelineNode(from)
        ? findPort(nodePorts(from.data.kind, from.data.params, s.resolvedPorts[from.id]), 'out', connection.sourceHandle)?.type
        : undefined;
      const taken = new Set(s.edges.map((e) => e.id));
      const edge: GraphEdge = {
        id: freshId(`e-${connection.source}-${connection.target}`, taken),
        source: connection.source,
        sourceHandle: connection.sourceHandle,
        target: connection.target,
        targetHandle: connection.targetHandle,
        ...edgeStyle(portType),
      };
      // An input takes one value: a new connection into it replaces the old one.
      const kept = s.edges.filter((e) => !(e.target === edge.target && e.targetHandle === edge.targetHandle));
      commit({ edges: [...kept, edge] });
      return undefined;
    },

    addNode(kind, position, init) {
      if (isAnnotationKind(kind)) return get().addAnnotation(kind, position);
      const id = freshId(kind, takenIds());
      const node: GraphNode = {
        id,
        type: STEP,
        position,
        selected: true,
        data: { kind, params: { ...defaultParams(kind), ...init?.params }, ...(init?.label ? { label: init.label } : {}) },
      };
      const nodes = get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
      const ports = init?.ports && { resolvedPorts: { ...get().resolvedPorts, [id]: init.ports } };
      commit({ nodes: [...nodes, node], ...ports });
      return id;
    },

    addAnnotation(type, position, size, text) {
      const id = freshId(type, takenIds());
      const params: Record<string, unknown> = { ...defaultParams(type), ...(size ?? (isFrameKind(type) ? ANNOTATION_SIZE[type] : {})) };
      const textParam = annotationTextParam(type);
      if (text !== undefined && textParam) params[textParam] = text;
      const node = toFlowNode({ id, kind: type, params, position });
      const nodes = get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
      commit({ nodes: groupsFirst([...nodes, { ...node, selected: true } as GraphNode]) });
      return id;
    },

    groupSelection() {
      const selected = get().nodes.filter((n) => n.selected && !isFrameKind(n.type));
      if (!selected.length || !FRAME_KIND) return undefined;
      const pad = 32;
      const box = selected.reduce(
        (b, n) => ({
          x1: Math.min(b.x1, n.position.x),
          y1: Math.min(b.y1, n.position.y),
          x2: Math.max(b.x2, n.position.x + (n.measured?.width ?? n.width ?? 220)),
          y2: Math.max(b.y2, n.position.y + (n.measured?.height ?? n.height ?? 100)),
        }),
        { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity },
      );
      return get().addAnnotation(
        FRAME_KIND,
        { x: box.x1 - pad, y: box.y1 - pad - 24 },
        { width: box.x2 - box.x1 + 2 * pad, height: box.y2 - box.y1 + 2 * pad + 24 },
      );
    },

    updateParams(nodeId, params, coalesceKey) {
      const s = get();
      if (s.readOnly || s.preview) return;
      const nodes = s.nodes.map((n) => {
        if (n.id !== nodeId) return n;
        const next = { ...n, data: { ...n.data, params } } as GraphNode;
        if (!isAnnotation(next)) return next;
        // A comment's or group's size typed in the inspector resizes it on the canvas.
        const sized = toFlowNode({ id: n.id, kind: n.data.kind, params, position: n.position });
        return { ...next, width: sized.width, height: sized.height };
      });
      // Typing in one field makes one undo step, not one per key.
      const key = coalesceKey && `${nodeId}:${coalesceKey}`;
      const now = Date.now();
      const typing = lastCoalesce;
      if (key && typing?.key === key && now - typing.at < 1500) {
        typing.at = now;
        set((st) => {
          // The step of the first key now reaches to this one: redo brings back the last key.
          const patch = diffGraph(typing.base, { nodes, edges: st.edges });
          const amended = typing.step !== undefined && st.past.at(-1) === typing.step;
          const kept = amended ? st.past.slice(0, -1) : st.past;
          typing.step = patch && { step: amended ? typing.step!.step : nextStep({ past: kept, future: st.future }), patch };
          const past = typing.step ? [...kept, typing.step].slice(-HISTORY_LIMIT) : kept;
          return { nodes, past, future: typing.step ? [] : st.future, revision: st.revision + 1 };
        });
        return;
      }
      const base = lists();
      const pastBefore = s.past;
      commit({ nodes });
      const after = get().past;
      if (key) lastCoalesce = { key, at: now, base, step: after !== pastBefore ? after.at(-1) : undefined };
    },

    updateNode(nodeId, patch) {
      const nodes = get().nodes.map((n) =>
        n.id === nodeId && isPipelineNode(n) ? { ...n, data: { ...n.data, ...patch } } : n,
      );
      commit({ nodes });
    },

    updateAnnotation(id, text) {
      const node = get().nodes.find((n) => n.id === id);
      if (!node || !isAnnotation(node)) return;
      const key = annotationTextParam(node.data.kind);
      if (!key || node.data.params[key] === text) return;
      get().updateParams(id, { ...node.data.params, [key]: text }, key);
    },

    moveNodes(moves) {
      set((s) => ({
        nodes: s.nodes.map((n) => (moves[n.id] ? { ...n, position: moves[n.id] } : n)),
      }));
    },

    setLayout(boxes) {
      const nodes = get().nodes.map((n) => {
        const b = boxes.get(n.id);
        if (!b) return n;
        const moved = { ...n, position: { x: b.x, y: b.y } } as GraphNode;
        return isFrameKind(n.type) ? sizeIntoParams({ ...moved, width: b.width, height: b.height }) : moved;
      });
      commit({ nodes });
    },

    deleteSelected() {
      const s = get();
      const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
      const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
      if (!gone.size && edges.length === s.edges.length) return;
      commit({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges });
    },

    selectAll() {
      set((s) => ({ nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })) }));
    },

    selectOnly(nodeId) {
      set((s) => ({
        nodes: s.nodes.map((n) => ((n.id === nodeId) === Boolean(n.selected) ? n : { ...n, selected: n.id === nodeId })),
        edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      }));
    },

    copySelection() {
      const s = get();
      const nodes = s.nodes.filter((n) => n.selected);
      if (!nodes.length) return undefined;
      const ids = new Set(nodes.map((n) => n.id));
      const edges = s.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
      return restore(snapshot(nodes, edges));
    },

    paste(clip, offset = { x: 40, y: 40 }) {
      const s = get();
      const taken = takenIds();
      const rename = new Map<string, string>();
      for (const n of clip.nodes) {
        const id = freshId(n.id, taken);
        taken.add(id);
        rename.set(n.id, id);
      }
      const pasted = clip.nodes.map(upgradeNode).map((n) => ({
        ...n,
        id: rename.get(n.id)!,
        position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
        selected: true,
      })) as GraphNode[];
      const edgeIds = new Set(s.edges.map((e) => e.id));
      const edges = clip.edges.map((e) => {
        const id = freshId(`e-${rename.get(e.source)}-${rename.get(e.target)}`, edgeIds);
        edgeIds.add(id);
        return { ...e, id, source: rename.get(e.source)!, target: rename.get(e.target)!, selected: false };
      });
      const kept = s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
      const groups = pasted.filter((n) => isFrameKind(n.type));
      const rest = pasted.filter((n) => !isFrameKind(n.type));
      commit({ nodes: [...groups, ...kept, ...rest], edges: [...s.edges, ...edges] });
    },

    replaceDocument(doc) {
      const s = get();
      const flow = toFlow(doc, portTypeOf(doc.nodes.map(toFlowNode), s.resolvedPorts));
      const { nodes: _n, edges: _e, ...meta } = doc;
      commit({ nodes: flow.nodes, edges: flow.edges, meta: { ...meta, id: s.pipelineId ?? meta.id } });
    },

    replaceWithSubPipeline({ nodes, edges, nodeId, ports }) {
      commit({ nodes, edges, resolvedPorts: { ...get().resolvedPorts, [nodeId]: ports } });
    },

    undo() {
      const s = get();
      const step = s.past.at(-1);
      if (s.readOnly || s.preview || !step) return;
      gestureStart = undefined;
      lastCoalesce = undefined;
      set({
        ...applyPatch(s, step.patch, 'back'),
        past: s.past.slice(0, -1),
        future: [step, ...s.future],
        revision: s.revision + 1,
      });
    },

    redo() {
      const s = get();
      const step = s.future[0];
      if (s.readOnly || s.preview || !step) return;
      lastCoalesce = undefined;
      set({
        ...applyPatch(s, step.patch, 'forward'),
        past: [...s.past, step].slice(-HISTORY_LIMIT),
        future: s.future.slice(1),
        revision: s.revision + 1,
      });
    },

    setValidation(issues, resolvedPorts) {
      const issuesByNode: Record<string, ValidationIssueInfo[]> = {};
      for (const issue of issues) if (issue.nodeId) (issuesByNode[issue.nodeId] ??= []).push(issue);
      // Edges drawn before main resolved a sub-pipeline's ports get their colour now.
      const portType = portTypeOf(get().nodes, resolvedPorts);
      let recoloured = false;
      const edges = get().edges.map((e) => {
        const t = portType(e.source, e.sourceHandle ?? '');
        if (!t || t === e.data?.portType) return e;
        recoloured = true;
        return { ...e, ...edgeStyle(t) };
      });
      set(recoloured ? { issues, issuesByNode, resolvedPorts, edges } : { issues, issuesByNode, resolvedPorts });
    },

    document() {
      const s = get();
      if (!s.meta) throw new Error('no pipeline is open');
      return toDocument(s.meta, s.nodes, s.edges);
    },
  };
});

/** A comment or group after its resize handles let go: the size goes into its params too. */
function sizeIntoParams(n: GraphNode): GraphNode {
  const width = n.width ?? n.measured?.width;
  const height = n.height ?? n.measured?.height;
  if (width === undefined || height === undefined) return n;
  return { ...n, data: { ...n.data, params: { ...n.data.params, width: Math.round(width), height: Math.round(height) } } } as GraphNode;
}

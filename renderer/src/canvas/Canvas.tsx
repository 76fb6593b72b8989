import {
  ReactFlow,
  useReactFlow,
  type Connection,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeMouseHandler,
  type OnNodeDrag,
  type XYPosition,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type MouseEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { definitionsByKind } from '../../../nodes/definitions';
import { isFrameKind, STEP, type GraphEdge, type GraphNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { openInnerPipeline } from '../state/open-inner';
import { useUi } from '../state/ui';
import { useTheme } from '../ui/theme';
import { CommentNode } from './CommentNode';
import { ConnectionHint } from './ConnectionHint';
import { useDetailTracker } from './detail';
import { DotGrid } from './DotGrid';
import { EdgePreview, onEdgeHover, onEdgeLeave } from './EdgePreview';
import { EmptyState } from './EmptyState';
import { GroupNode } from './GroupNode';
import { Minimap } from './Minimap';
import { ZoomControls } from './ZoomControls';
import { NodeMenu, openNodeMenu } from './NodeMenu';
import { PipelineNode } from './PipelineNode';
import { placed } from './placement';
import { useProgressiveMount } from './progressive';
import { useMovingClass } from './use-moving-class';
import { PALETTE_MIME, readDrop } from '../palette/drop-data';
import { FIT_PADDING, registerViewport } from '../palette/viewport';
import { FocusNode } from './FocusNode';
import { KeepFitted } from './KeepFitted';

const nodeTypes = { [STEP]: PipelineNode, comment: CommentNode, group: GroupNode };
const GRID: [number, number] = [16, 16];
// Props React Flow compares by identity: made once, so a re-render of the canvas changes none.
// Hidden nodes are those not yet on the page (progressive.ts): the fit frames them too.
const FIT_VIEW_OPTIONS = { maxZoom: 1, padding: FIT_PADDING, includeHiddenNodes: true };
const PRO_OPTIONS = { hideAttribution: true };

export function Canvas() {
  // A proposal from the chat is drawn in place of the graph until it is confirmed or discarded.
  const { nodes, edges, readOnly, previewing } = useGraph(
    useShallow((s) => ({
      nodes: s.preview?.nodes ?? s.nodes,
      edges: s.preview?.edges ?? s.edges,
      readOnly: s.readOnly || s.preview !== undefined,
      previewing: s.preview !== undefined,
    })),
  );
  const shown = useProgressiveMount(useMemo(() => nodes.map(placed), [nodes]), edges);
  const flow = useReactFlow<GraphNode, GraphEdge>();
  const theme = useTheme();
  const wrapper = useRef<HTMLDivElement>(null);
  const { onMove, onMoveEnd } = useMovingClass(wrapper);
  useDetailTracker(nodes.length);
  // Frame what was there when the pipeline opened; a graph growing under the pointer stays put.
  const [fitOnOpen] = useState(() => nodes.length > 0);
  useEffect(() => {
    registerViewport(flow);
    return () => registerViewport(undefined);
  }, [flow]);
  useEffect(() => {
    if (previewing) void flow.fitView(FIT_VIEW_OPTIONS);
  }, [previewing, flow]);
  const groupDrag = useRef<{ start: XYPosition; members: Map<string, XYPosition> }>(undefined);

  const isValidConnection: IsValidConnection<GraphEdge> = useCallback((c) => {
    const reason = useGraph.getState().checkConnection({
      source: c.source,
      sourceHandle: c.sourceHandle ?? null,
      target: c.target,
      targetHandle: c.targetHandle ?? null,
    });
    useUi.getState().setConnectionHint(reason);
    return !reason;
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const reason = useGraph.getState().connect(c);
    if (reason) useUi.getState().toast('error', `Not connected: ${reason}`);
  }, []);

  const onConnectEnd = useCallback((_: unknown, state: FinalConnectionState) => {
    const ui = useUi.getState();
    ui.setConnectionHint(undefined);
    if (!state.isValid && state.fromHandle && state.toHandle) {
      // Dropped on a port that refused it: say why, so the person knows what would fit.
      const [from, to] = state.fromHandle.type === 'source' ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
      const reason = useGraph.getState().checkConnection({
        source: from.nodeId,
        sourceHandle: from.id ?? null,
        target: to.nodeId,
        targetHandle: to.id ?? null,
      });
      if (reason) ui.toast('error', `Not connected: ${reason}`);
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const drop = readDrop(e.dataTransfer);
      if (!drop || useGraph.getState().preview) return;
      e.preventDefault();
      e.stopPropagation();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      useGraph.getState().addNode(drop.kind, { x: at.x - 110, y: at.y - 20 }, drop.init);
    },
    [flow],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (Array.from(e.dataTransfer.types).includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDoubleClick = useCallback(
    (e: MouseEvent) => {
      if (readOnly || !(e.target as HTMLElement).classList.contains('react-flow__pane')) return;
      useUi.getState().openDialog({ type: 'quick-add', at: flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }) });
    },
    [flow, readOnly],
  );

  // A sub-pipeline node opens the pipeline it runs.
  const onNodeDoubleClick: NodeMouseHandler<GraphNode> = useCallback((_, node) => {
    if (definitionsByKind.get(node.data.kind)?.role === 'subpipeline') void openInnerPipeline(node.id);
  }, []);

  // Dragging a group carries what lies inside it.
  const onNodeDragStart: OnNodeDrag<GraphNode> = useCallback((_, node) => {
    if (!isFrameKind(node.type)) return;
    const w = node.measured?.width ?? node.width ?? 0;
    const h = node.measured?.height ?? node.height ?? 0;
    const members = new Map<string, XYPosition>();
    for (const n of useGraph.getState().nodes) {
      if (n.id === node.id || n.selected || isFrameKind(n.type)) continue;
      const { x, y } = n.position;
      if (x >= node.position.x && y >= node.position.y && x < node.position.x + w && y < node.position.y + h) members.set(n.id, { x, y });
    }
    groupDrag.current = { start: { ...node.position }, members };
  }, []);
  const onNodeDrag: OnNodeDrag<GraphNode> = useCallback((_, node) => {
    const drag = groupDrag.current;
    if (!drag || !isFrameKind(node.type)) return;
    const dx = node.position.x - drag.start.x;
    const dy = node.position.y - drag.start.y;
    const moves: Record<string, XYPosition> = {};
    for (const [id, p] of drag.members) moves[id] = { x: p.x + dx, y: p.y + dy };
    useGraph.getState().moveNodes(moves);
  }, []);
  const onNodeDragStop = useCallback(() => {
    groupDrag.current = undefined;
  }, []);

  return (
    <div ref={wrapper} className={previewing ? 'pw-canvas previewing' : 'pw-canvas'} data-previewing={previewing || undefined} onDrop={onDrop} onDragOver={onDragOver} onDoubleClick={onDoubleClick}>
      <ReactFlow<GraphNode, GraphEdge>
        nodes={shown.nodes}
        edges={shown.edges}
        nodeTypes={nodeTypes}
        onNodesChange={useGraph.getState().onNodesChange}
        onEdgesChange={useGraph.getState().onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeContextMenu={openNodeMenu}
        onEdgeMouseEnter={onEdgeHover}
        onEdgeMouseLeave={onEdgeLeave}
        onNodeDragStart={onNodeDragStart}
        onNodeDrag={onNodeDrag}
        onNodeDragStop={onNodeDragStop}
        onMove={onMove}
        onMoveEnd={onMoveEnd}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        snapToGrid
        snapGrid={GRID}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        zoomOnDoubleClick={false}
        // Every node stays mounted. Mounting and unmounting nodes as they cross the screen's edge
        // (React Flow's onlyRenderVisibleElements) halved the frame rate of a 2,000-node pan
        // here; nodes off screen are cheap boxes instead (detail.ts).
        onlyRenderVisibleElements={false}
        minZoom={0.05}
        maxZoom={2}
        fitView={fitOnOpen}
        fitViewOptions={FIT_VIEW_OPTIONS}
        colorMode={theme}
        proOptions={PRO_OPTIONS}
      >
        <DotGrid gap={GRID[0]} />
        <Minimap />
        <FocusNode />
        <KeepFitted active={fitOnOpen} options={FIT_VIEW_OPTIONS} />
        <ZoomControls fit={FIT_VIEW_OPTIONS} />
      </ReactFlow>
      <ConnectionHint />
      <NodeMenu />
      <EdgePreview />
      <EmptyState />
      {previewing && (
        <div className="preview-banner" role="status">
          Proposal from the chat: new nodes green, changed ones amber. Nothing is saved until you confirm.
        </div>
      )}
    </div>
  );
}

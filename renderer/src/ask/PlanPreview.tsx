import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { useMemo } from 'react';
import type { AskPlan } from '../../../preload/contract';
import { CommentNode } from '../canvas/CommentNode';
import { GroupNode } from '../canvas/GroupNode';
import { PipelineNode } from '../canvas/PipelineNode';
import { placed } from '../canvas/placement';
import { STEP, type GraphEdge, type GraphNode } from '../state/flow-document';
import { previewOf } from '../state/preview';
import { useTheme } from '../ui/theme';

const nodeTypes = { [STEP]: PipelineNode, comment: CommentNode, group: GroupNode };
const FIT = { padding: 0.15, maxZoom: 0.9 };
const PRO_OPTIONS = { hideAttribution: true };

/**
 * The proposed pipeline drawn where there is no editor canvas (the start page): looked at,
 * panned and zoomed, nothing else; new nodes are marked as on the editor's canvas.
 */
export function PlanPreview({ plan }: { plan: AskPlan }) {
  const theme = useTheme();
  const { nodes, edges } = useMemo(() => {
    const preview = previewOf(plan.draft, plan);
    return { nodes: preview.nodes.map(placed), edges: preview.edges };
  }, [plan]);
  return (
    <div className="plan-preview" data-testid="plan-preview" aria-label="Preview of the proposed pipeline">
      <ReactFlowProvider>
        <ReactFlow<GraphNode, GraphEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          deleteKeyCode={null}
          zoomOnDoubleClick={false}
          preventScrolling={false}
          fitView
          fitViewOptions={FIT}
          minZoom={0.1}
          colorMode={theme}
          proOptions={PRO_OPTIONS}
        />
      </ReactFlowProvider>
    </div>
  );
}

import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import type { AnnotationFlowNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { useFar } from './detail';

/**
 * A group: a titled frame drawn behind nodes. Dragging it moves the nodes inside (Canvas.tsx);
 * its title is edited in place; its corner handles resize it when selected.
 */
export const GroupNode = memo(function GroupNode({ id, data, selected }: NodeProps<AnnotationFlowNode>) {
  const readOnly = useGraph((s) => s.readOnly);
  const far = useFar();
  const [draft, setDraft] = useState<string>();
  const title = typeof data.params.title === 'string' ? data.params.title : '';
  const colour = typeof data.params.color === 'string' ? data.params.color : 'accent';
  const commit = () => {
    if (draft !== undefined) useGraph.getState().updateAnnotation(id, draft);
    setDraft(undefined);
  };
  return (
    <>
      <NodeResizer isVisible={selected && !readOnly} minWidth={160} minHeight={100} color="var(--accent)" />
      <div className={`pw-annotation group colour-${colour}${far ? ' lod' : ''}`} data-testid="group">
        <input
          className="label nodrag"
          value={draft ?? title}
          readOnly={readOnly}
          aria-label="Group name"
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === 'Escape') && (e.target as HTMLInputElement).blur()}
        />
      </div>
    </>
  );
});

import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import type { AnnotationFlowNode } from '../state/flow-document';
import { useGraph } from '../state/graph';

/** A comment (a note on the canvas) or a group (a labelled frame that moves what it holds). */
export const AnnotationNode = memo(function AnnotationNode({ id, type, data, selected }: NodeProps<AnnotationFlowNode>) {
  const readOnly = useGraph((s) => s.readOnly);
  const [draft, setDraft] = useState<string>();
  const commit = () => {
    if (draft !== undefined && draft !== data.text) useGraph.getState().updateAnnotation(id, draft);
    setDraft(undefined);
  };
  const isGroup = type === 'group';
  return (
    <>
      <NodeResizer isVisible={selected && !readOnly} minWidth={120} minHeight={60} color="var(--accent)" />
      <div className={`pw-annotation ${type}`}>
        {isGroup ? (
          <input
            className="label nodrag"
            style={{ background: 'transparent', border: 'none', outline: 'none', width: '60%' }}
            value={draft ?? data.text}
            readOnly={readOnly}
            aria-label="Group name"
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
          />
        ) : (
          <textarea
            className="nodrag"
            value={draft ?? data.text}
            readOnly={readOnly}
            aria-label="Comment"
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
          />
        )}
      </div>
    </>
  );
});

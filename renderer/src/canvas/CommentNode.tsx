import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import type { AnnotationFlowNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { useFar } from './detail';
import { NoteMarkdown } from './note-markdown';

/**
 * A comment: a sticky note whose Markdown reads as formatted text. Double-click it to edit the
 * text in place (or use the inspector); drag its corner handles to resize it when selected.
 */
export const CommentNode = memo(function CommentNode({ id, data, selected }: NodeProps<AnnotationFlowNode>) {
  const readOnly = useGraph((s) => s.readOnly);
  const far = useFar();
  const [draft, setDraft] = useState<string>();
  const text = typeof data.params.text === 'string' ? data.params.text : '';
  const colour = typeof data.params.color === 'string' ? data.params.color : 'yellow';
  const commit = () => {
    if (draft !== undefined) useGraph.getState().updateAnnotation(id, draft);
    setDraft(undefined);
  };
  return (
    <>
      <NodeResizer isVisible={selected && !readOnly} minWidth={120} minHeight={60} color="var(--accent)" />
      <div
        className={`pw-annotation comment colour-${colour}${far ? ' lod' : ''}`}
        data-testid="comment"
        onDoubleClick={() => !readOnly && setDraft(text)}
      >
        {draft !== undefined ? (
          <textarea
            className="nodrag nowheel"
            value={draft}
            aria-label="Comment"
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            // Escape leaves the note, keeping what was typed.
            onKeyDown={(e) => e.key === 'Escape' && (e.target as HTMLTextAreaElement).blur()}
          />
        ) : (
          <div className="note-text" title={readOnly ? undefined : 'Double-click to edit'}>
            {text ? <NoteMarkdown text={text} /> : <span className="faint">{readOnly ? '' : 'Double-click to write a note'}</span>}
          </div>
        )}
      </div>
    </>
  );
});

import { useEffect } from 'react';
import { onConfirmedIntoOpenPipeline } from '../state/ask';
import { useGraph } from '../state/graph';
import { openPipeline } from '../state/session';
import { AskPanel } from './AskPanel';

/** The editor's chat: requests change the open pipeline, previewed on the canvas until confirmed. */
export function EditorChat() {
  const projectId = useGraph((s) => s.projectId);
  const pipelineId = useGraph((s) => s.pipelineId);
  // Main saves a confirmed plan as a new revision of the open pipeline: the canvas then shows
  // that revision, and the graph held before it is not autosaved over it.
  useEffect(() => onConfirmedIntoOpenPipeline(openPipeline), []);
  if (!pipelineId) return null;
  return (
    <AskPanel
      place={{ projectId, pipelineId }}
      label="Ask for a change to this pipeline"
      placeholder="e.g. also push it to my repository · use Python instead"
      empty={
        <p className="faint chat-empty">
          Describe a change in plain words. The proposal is drawn on the canvas, new and changed nodes highlighted, and
          nothing changes until you confirm it.
        </p>
      }
    />
  );
}

import { useShallow } from 'zustand/react/shallow';
import { useGraph } from '../state/graph';
import { NodeInspector } from './NodeInspector';
import { PipelineOverview } from './PipelineOverview';

/** The selected node's form, or what is selected, or the pipeline as a whole. */
export function Inspector() {
  const selected = useGraph(useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)));
  const single = selected.length === 1 ? selected[0] : undefined;
  if (single) return <NodeInspector key={single} nodeId={single} />;
  if (selected.length > 1) {
    return (
      <div>
        <h3>{selected.length} selected</h3>
        <p className="muted">Move them together, copy them (Ctrl+C), delete them (Delete), or frame them in a group.</p>
        <button className="btn" onClick={() => useGraph.getState().groupSelection()}>
          Group selection
        </button>
      </div>
    );
  }
  return <PipelineOverview />;
}

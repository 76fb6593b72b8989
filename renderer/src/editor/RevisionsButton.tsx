import { useGraph } from '../state/graph';
import { useUi } from '../state/ui';

/** The pipeline's named revisions from the top bar, where a newcomer looks; Ctrl+S opens the same. */
export function RevisionsButton() {
  const readOnly = useGraph((s) => s.readOnly);
  const openDialog = useUi((s) => s.openDialog);
  return (
    <button
      className="btn ghost"
      title={readOnly ? 'Revisions are kept of the pipeline you edit, not of a run you look back at' : 'Named revisions: keep this version, or bring back an earlier one (Ctrl+S)'}
      disabled={readOnly}
      onClick={() => openDialog({ type: 'revision' })}
    >
      History
    </button>
  );
}

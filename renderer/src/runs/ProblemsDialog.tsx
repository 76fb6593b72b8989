import { ProblemsList } from '../inspector/ProblemsList';
import { useGraph } from '../state/graph';
import { Dialog } from '../ui/Dialog';

/** Run was pressed with problems: what to fix first, each a way to the node. */
export function ProblemsDialog({ onClose }: { onClose(): void }) {
  const count = useGraph((s) => s.issues.length);
  return (
    <Dialog
      title={count ? 'Fix these before running' : 'Ready to run'}
      onClose={onClose}
      footer={
        <button className="btn primary" onClick={onClose}>
          OK
        </button>
      }
    >
      {count ? (
        <>
          <p className="muted">Nothing has run. Click a problem to go to its node.</p>
          <ProblemsList onPick={onClose} />
        </>
      ) : (
        <p className="muted">Every problem is fixed: press Run again.</p>
      )}
    </Dialog>
  );
}

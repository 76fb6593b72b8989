import { useRuns } from '../state/runs';
import { backToEditing } from '../state/session';
import { reportError } from '../state/ui';

/** While a past run is open: says so, and how to get back. */
export function RunBanner() {
  const viewing = useRuns((s) => s.viewing);
  if (!viewing) return null;
  return (
    <div className="banner view" data-testid="run-banner">
      <strong>Viewing the run of {new Date(viewing.startedAt).toLocaleString()}</strong>
      <span className="muted">read-only — select a node to see its outputs and logs</span>
      <span className="spacer" />
      <button className="btn small primary" onClick={() => void backToEditing().catch(reportError)}>
        Back to editing
      </button>
    </div>
  );
}

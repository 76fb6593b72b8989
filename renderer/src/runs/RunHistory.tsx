import { RunCost } from './CostSummary';
import { StatusBadge } from '../canvas/StatusBadge';
import { useRuns } from '../state/runs';
import { viewRun } from '../state/session';
import { reportError } from '../state/ui';
import { PlayIcon } from '../ui/icons';

function scopeText(scope: { kind: string; nodeId?: string }): string {
  if (scope.kind === 'all') return 'whole pipeline';
  return `${scope.kind === 'node' ? 'only' : scope.kind === 'from' ? 'from' : 'up to'} ${scope.nodeId}`;
}

/** Past runs, newest first; opening one shows it read-only with its statuses and outputs. */
export function RunHistory() {
  const history = useRuns((s) => s.history);
  const viewing = useRuns((s) => s.viewing?.id);
  if (!history.length) {
    return (
      <div className="placeholder">
        <div className="big">
          <PlayIcon size={28} aria-hidden="true" />
        </div>
        No runs yet. Press Run (Ctrl+Enter) to run the pipeline.
      </div>
    );
  }
  return (
    <div className="list" data-testid="run-history">
      {history.map((r) => (
        <button key={r.id} className={`list-item${viewing === r.id ? ' active' : ''}`} onClick={() => void viewRun(r.id).catch(reportError)} data-run={r.id}>
          <div className="main">
            <div className="title">{new Date(r.startedAt).toLocaleString()}</div>
            <div className="sub">
              {scopeText(r.scope)} · <span className="mono">{r.id.slice(0, 8)}</span> <RunCost runId={r.id} />
            </div>
            {r.error && <div className="sub" style={{ color: 'var(--danger)' }}>{r.error}</div>}
          </div>
          <StatusBadge status={r.status} startedAt={r.startedAt} finishedAt={r.finishedAt} />
        </button>
      ))}
    </div>
  );
}

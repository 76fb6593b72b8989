import { memo } from 'react';
import type { NodeProgress as Progress } from '../../../nodes/sdk';
import '../styles/run-form.css';

/** A thin bar with its label under a running node's header: how far its current step has got. */
export const NodeProgress = memo(function NodeProgress({ progress }: { progress: Progress }) {
  const { done, total, label } = progress;
  const share = total ? Math.min(1, done / total) : undefined;
  const text = label ?? (total ? `${Math.round(done)} of ${Math.round(total)}` : String(Math.round(done)));
  return (
    <div className="pw-node-progress" data-testid="node-progress" title={text}>
      <div
        className={`pw-progress-track${share === undefined ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label={text}
        aria-valuemin={0}
        aria-valuemax={total ? 100 : undefined}
        aria-valuenow={share === undefined ? undefined : Math.round(share * 100)}
      >
        <div className="pw-progress-fill" style={share === undefined ? undefined : { width: `${share * 100}%` }} />
      </div>
      <div className="pw-progress-label">
        <span>{text}</span>
        {share !== undefined && <span className="faint">{Math.round(share * 100)}%</span>}
      </div>
    </div>
  );
});

import { memo, useEffect, useState } from 'react';
import type { NodeStatus, RunStatus } from '../../../preload/contract';
import { formatElapsed } from './elapsed';

interface Props {
  status: NodeStatus | RunStatus;
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  testId?: string;
  /** The node was edited since: this is its result from before, drawn faded. */
  stale?: boolean;
}

/** A status with its elapsed time; only this badge re-renders while the clock ticks. */
export const StatusBadge = memo(function StatusBadge({ status, startedAt, finishedAt, durationMs, testId, stale }: Props) {
  const [now, setNow] = useState(() => Date.now());
  const live = status === 'running' && startedAt !== undefined;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [live]);
  const end = finishedAt ?? (live ? now : undefined);
  const ms = durationMs ?? (startedAt !== undefined && end !== undefined ? end - startedAt : undefined);
  return (
    <span
      className={`badge ${status}${stale ? ' stale' : ''}`}
      data-status={status}
      data-stale={stale || undefined}
      data-testid={testId}
      title={stale ? `${status} before your last edit to this node: run again to see what it does now` : undefined}
    >
      <span className="dot" />
      {status}
      {stale && ' · edited'}
      {ms !== undefined && status !== 'queued' && status !== 'skipped' && <span className="time">{formatElapsed(ms)}</span>}
    </span>
  );
});

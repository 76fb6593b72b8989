import { memo, useEffect, useState } from 'react';
import type { NodeStatus, RunStatus } from '../../../preload/contract';
import { formatElapsed } from './elapsed';

interface Props {
  status: NodeStatus | RunStatus;
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  testId?: string;
}

/** A status with its elapsed time; only this badge re-renders while the clock ticks. */
export const StatusBadge = memo(function StatusBadge({ status, startedAt, finishedAt, durationMs, testId }: Props) {
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
    <span className={`badge ${status}`} data-status={status} data-testid={testId}>
      <span className="dot" />
      {status}
      {ms !== undefined && status !== 'queued' && status !== 'skipped' && <span className="time">{formatElapsed(ms)}</span>}
    </span>
  );
});

import { useEffect, useRef, useState } from 'react';
import { followRunQueue, moveQueuedUp, removeQueued, useRunQueue } from '../state/run-queue';
import '../styles/run-form.css';

/** The top bar's view of the queue: a count that opens the list, to reorder or remove entries. */
export function RunQueue() {
  const entries = useRunQueue((s) => s.entries);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => followRunQueue(), []);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [open]);
  if (!entries.length) return null;
  return (
    <div className="run-queue" ref={box}>
      <button className="btn ghost small" aria-expanded={open} onClick={() => setOpen(!open)} title="Runs waiting for the one going on to end">
        Queue · {entries.length}
      </button>
      {open && (
        <ol
          className="run-queue-list"
          aria-label="Queued runs"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          {entries.map((entry, i) => (
            <li key={entry.id} data-testid="queued-run">
              <span className="run-queue-pos">{i + 1}</span>
              <span className="run-queue-what">
                <b>{entry.pipelineName}</b>
                <span className="faint" title={entry.inputsSummary}>
                  {entry.inputsSummary}
                </span>
              </span>
              <button className="btn ghost small" aria-label={`Move ${i + 1} up`} title="Run it earlier" disabled={i === 0} onClick={() => moveQueuedUp(entry.id)}>
                ↑
              </button>
              <button className="btn ghost small" aria-label={`Remove ${i + 1} from the queue`} title="Remove from the queue" onClick={() => removeQueued(entry.id)}>
                ✕
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

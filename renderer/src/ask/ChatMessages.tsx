import { useEffect, useRef, type ReactNode } from 'react';
import { DiagnoseCard } from '../runs/DiagnoseCard';
import { ManifestDetails } from '../templates/ImportReview';
import type { ChatEntry } from '../state/ask';
import { withInlineCode } from './inline-code';
import { PlanCard } from './PlanCard';

const STATUS_MARK: Record<string, string> = { succeeded: '✓', failed: '✗', running: '…', cancelled: '■', skipped: '–', cached: '↺' };

const ANSWER_TITLE = {
  succeeded: 'It is running. Here are the links:',
  failed: 'The run failed. What it made so far:',
  cancelled: 'The run was cancelled.',
} as const;

const REVIEW_TITLE = {
  waiting: (name: string) => `Saved “${name}”. Review what it will run, then run it:`,
  running: (name: string) => `Saved and running “${name}”.`,
  declined: (name: string) => `Saved “${name}” without running it; run it from its editor when you are ready.`,
} as const;

/**
 * The conversation: the person's requests, questions and plans, the run node by node and the
 * links it ends with. A log region, so a screen reader reads new lines as they come.
 */
export function ChatMessages({
  entries,
  busy,
  onConfirm,
  onChange,
  onDiscard,
  onRun,
  onNotNow,
  preview,
  empty,
}: {
  entries: ChatEntry[];
  busy: boolean;
  onConfirm(): void;
  onChange(text: string): void;
  onDiscard(): void;
  onRun(reviewId: number): void;
  onNotNow(reviewId: number): void;
  preview?: ReactNode;
  empty?: ReactNode;
}) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The newest line itself comes into view: above the view (the review folding away once the run
    // starts shortens the page) as well as below it, where the end marker alone would leave it.
    const newest = end.current?.previousElementSibling ?? end.current;
    newest?.scrollIntoView?.({ block: 'nearest' });
  }, [entries.length]);
  return (
    <div className="chat-log" role="log" aria-live="polite" aria-label="Conversation">
      {entries.length === 0 && empty}
      {entries.map((e) => {
        switch (e.type) {
          case 'user':
            return (
              <div key={e.id} className="chat-msg user">
                {e.text}
              </div>
            );
          case 'question':
            return (
              <div key={e.id} className="chat-msg assistant">
                {withInlineCode(e.text)}
              </div>
            );
          case 'error':
            return (
              <div key={e.id} className="chat-msg error" role="alert">
                {e.text}
              </div>
            );
          case 'plan':
            return (
              <PlanCard
                key={e.id}
                plan={e.plan}
                state={e.state}
                busy={busy}
                onConfirm={onConfirm}
                onChange={onChange}
                onDiscard={onDiscard}
                preview={preview}
              />
            );
          case 'review':
            return (
              <div key={e.id} className="chat-msg assistant chat-review" data-testid="ask-review" data-state={e.state}>
                <strong>{REVIEW_TITLE[e.state](e.manifest.name)}</strong>
                {e.generatedSecret && <p className="faint">A random database password was generated and stored as the secret {e.generatedSecret}.</p>}
                {/* Read before it runs: open while waiting, folded away once decided. */}
                <details open={e.state === 'waiting'}>
                  <summary>What it runs ({e.manifest.nodes.length} nodes)</summary>
                  <ManifestDetails manifest={e.manifest} />
                </details>
                {e.state === 'waiting' && (
                  <div className="plan-actions">
                    <button className="btn primary" disabled={busy} onClick={() => onRun(e.id)}>
                      Run it
                    </button>
                    <button className="btn" disabled={busy} onClick={() => onNotNow(e.id)}>
                      Not now
                    </button>
                  </div>
                )}
                {e.state === 'declined' && (
                  <a className="btn small" href={`#/project/${encodeURIComponent(e.projectId)}`}>
                    Open the pipeline
                  </a>
                )}
              </div>
            );
          case 'progress':
            return (
              <div key={e.id} className={`chat-progress ${e.status}`} data-node={e.nodeId}>
                <span className="chat-mark" aria-hidden>
                  {STATUS_MARK[e.status] ?? '·'}
                </span>
                <div className="chat-progress-body">
                  {e.text}
                  {/* A failed node can be diagnosed from here, as from the inspector. */}
                  {e.status === 'failed' && <DiagnoseCard runId={e.runId} nodeId={e.nodeId} />}
                </div>
              </div>
            );
          case 'answer':
            return (
              <div key={e.id} className={`chat-msg assistant chat-answer ${e.status}`} data-testid="ask-answer">
                <strong>{ANSWER_TITLE[e.status]}</strong>
                {e.links.length > 0 ? (
                  <ul className="chat-links">
                    {e.links.map((l) => (
                      <li key={l.url}>
                        {l.label}:{' '}
                        {/^https?:\/\//.test(l.url) ? (
                          <a href={l.url} target="_blank" rel="noreferrer noopener">
                            {l.url}
                          </a>
                        ) : (
                          <span className="mono">{l.url}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="faint">It made nothing to link to.</p>
                )}
                {e.projectId && (
                  <a className="btn small" href={`#/project/${encodeURIComponent(e.projectId)}`}>
                    Open the pipeline
                  </a>
                )}
              </div>
            );
        }
      })}
      <div ref={end} />
    </div>
  );
}

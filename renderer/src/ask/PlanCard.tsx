import { useState, type ReactNode } from 'react';
import { definitionsByKind } from '../../../nodes/definitions';
import type { AskPlan } from '../../../preload/contract';
import type { PlanState } from '../state/ask';
import { ChatBox } from './ChatBox';
import { withInlineCode } from './inline-code';
import { LocalModelOffer } from './LocalModelOffer';

const STATE_NOTE = {
  confirmed: 'Confirmed',
  discarded: 'Discarded: nothing was saved',
  replaced: 'Replaced by a newer proposal',
  earlier: 'Proposed in an earlier session: ask again for a fresh proposal to run',
} as const;

const kindTitle = (kind: string) => definitionsByKind.get(kind)?.title ?? kind;

/** A proposed pipeline: what it builds, its steps and their node kinds, and what the person may do with it. */
export function PlanCard({
  plan,
  state,
  busy,
  onConfirm,
  onChange,
  onDiscard,
  preview,
}: {
  plan: AskPlan;
  state: PlanState;
  busy: boolean;
  onConfirm(): void;
  onChange(feedback: string): void;
  onDiscard(): void;
  /** Where the draft is drawn, when not on the editor's canvas. */
  preview?: ReactNode;
}) {
  const [changing, setChanging] = useState(false);
  const counts = [
    plan.added.length && `${plan.added.length} new`,
    plan.changed.length && `${plan.changed.length} changed`,
    plan.removed.length && `${plan.removed.length} removed`,
  ].filter(Boolean);
  return (
    <article className={`plan-card ${state}`} aria-label="Proposed pipeline" data-testid="plan-card">
      <p className="plan-summary">{withInlineCode(plan.summary)}</p>
      <ol className="plan-steps">
        {plan.steps.map((step, i) => (
          <li key={i}>
            <span>{withInlineCode(step.title)}</span>
            <span className="plan-kinds">
              {step.kinds.map((k) => (
                <span key={k} className="chip" title={k}>
                  {kindTitle(k)}
                </span>
              ))}
            </span>
          </li>
        ))}
      </ol>
      {counts.length > 0 && <p className="faint plan-counts">Nodes: {counts.join(' · ')}</p>}
      {plan.note && <p className="plan-note">{withInlineCode(plan.note)}</p>}
      {state === 'open' && !plan.usedModel && <LocalModelOffer />}
      {state === 'open' && preview}
      {state === 'open' ? (
        <>
          <p className="faint plan-hint">Nothing is saved until you confirm.</p>
          <div className="plan-actions">
            <button className="btn primary" disabled={busy} onClick={onConfirm}>
              Confirm
            </button>
            <button className="btn" disabled={busy} aria-expanded={changing} onClick={() => setChanging(!changing)}>
              Change…
            </button>
            <button className="btn ghost" disabled={busy} onClick={onDiscard}>
              Discard
            </button>
          </div>
          {changing && (
            <ChatBox
              label="What should change"
              placeholder="e.g. use Python instead, also push it to my repository"
              sendLabel="Propose again"
              busy={busy}
              autoFocus
              onSend={(text) => {
                setChanging(false);
                onChange(text);
              }}
            />
          )}
        </>
      ) : (
        <p className="faint plan-state">{STATE_NOTE[state]}</p>
      )}
    </article>
  );
}

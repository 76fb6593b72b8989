import { useEffect, type ReactNode } from 'react';
import { listenForAskEvents, openPlan, useAsk, type AskPlace } from '../state/ask';
import { ChatBox } from './ChatBox';
import { ChatMessages } from './ChatMessages';
import { PlanPreview } from './PlanPreview';

/**
 * The chat: on the start page it describes a new app, in the editor it changes the open
 * pipeline. A plan is previewed (on the editor's canvas, or here on the start page) and nothing
 * is saved until Confirm; what Confirm saved is reviewed, then run with "Run it".
 */
export function AskPanel({
  place,
  label,
  placeholder,
  empty,
}: {
  place: AskPlace;
  label: string;
  placeholder: string;
  empty?: ReactNode;
}) {
  const { projectId, pipelineId } = place;
  const entries = useAsk((s) => s.entries);
  const busy = useAsk((s) => s.busy);
  const plan = openPlan(entries);

  useEffect(() => {
    listenForAskEvents();
    const ask = useAsk.getState();
    ask.enter({ projectId, pipelineId });
    if (projectId) void ask.loadHistory(projectId);
  }, [projectId, pipelineId]);

  const ask = useAsk.getState();
  return (
    <section className={pipelineId ? 'ask-panel in-editor' : 'ask-panel'} aria-label="Ask">
      <ChatMessages
        entries={entries}
        busy={busy}
        onConfirm={() => void ask.confirm()}
        onChange={(text) => void ask.send(text)}
        onDiscard={() => void ask.discard()}
        onRun={(reviewId) => void ask.run(reviewId)}
        onNotNow={(reviewId) => ask.notNow(reviewId)}
        // The editor draws the plan on its own canvas; the start page has none, so the card does.
        preview={!pipelineId && plan ? <PlanPreview plan={plan.plan} /> : undefined}
        empty={empty}
      />
      <ChatBox label={label} placeholder={placeholder} busy={busy} onSend={(text) => ask.send(text)} />
    </section>
  );
}

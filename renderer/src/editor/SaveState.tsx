import { useUi } from '../state/ui';

/** There is no Save button: this says the last edit is on disk (or why it is not). */
export function SaveState() {
  const state = useUi((s) => s.saveState);
  const error = useUi((s) => s.saveError);
  const text = state === 'saving' ? 'Saving…' : state === 'error' ? 'Not saved' : 'Saved';
  return (
    <span className={`save-state ${state}`} title={error ?? 'Every edit is saved as you make it; Ctrl+S keeps a named revision'} data-testid="save-state">
      <span className="dot" />
      {text}
    </span>
  );
}

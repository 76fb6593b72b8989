import { useUi } from '../state/ui';
import { CheckIcon, CloseIcon, InfoIcon, WarningIcon } from './icons';

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismissToast);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : undefined}>
          <span className="toast-mark" aria-hidden="true">
            {t.kind === 'error' ? <WarningIcon size={16} /> : t.kind === 'success' ? <CheckIcon size={16} /> : <InfoIcon size={16} />}
          </span>
          <div className="toast-text">{t.text}</div>
          <button className="btn ghost icon small" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            <CloseIcon size={14} aria-hidden="true" />
          </button>
        </div>
      ))}
    </div>
  );
}

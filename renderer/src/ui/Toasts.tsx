import { useUi, type Toast } from '../state/ui';
import { CheckIcon, CloseIcon, InfoIcon, WarningIcon } from './icons';

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useUi((s) => s.dismissToast);
  const read = useUi((s) => s.readToast);
  // An error is read once the pointer, the keyboard or a click has been on it; it then leaves.
  const seen = toast.kind === 'error' ? () => read(toast.id) : undefined;
  return (
    <div
      className={`toast ${toast.kind}`}
      role={toast.kind === 'error' ? 'alert' : undefined}
      data-read={toast.read || undefined}
      onMouseEnter={seen}
      onFocus={seen}
      onClick={seen}
    >
      <span className="toast-mark" aria-hidden="true">
        {toast.kind === 'error' ? <WarningIcon size={16} /> : toast.kind === 'success' ? <CheckIcon size={16} /> : <InfoIcon size={16} />}
      </span>
      <div className="toast-text">{toast.text}</div>
      {toast.count > 1 && (
        <span className="toast-count" title={`This came ${toast.count} times`}>
          ×{toast.count}
        </span>
      )}
      <button className="btn ghost icon small" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        <CloseIcon size={14} aria-hidden="true" />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}

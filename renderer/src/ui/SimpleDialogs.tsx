import { useState } from 'react';
import { reportError } from '../state/ui';
import { Dialog } from './Dialog';

/**
 * Runs a dialog's action once: the button stays disabled while it runs, the dialog closes when
 * it succeeds, and stays open with the error reported when it fails.
 */
function useDialogAction(onClose: () => void): [busy: boolean, run: (action: () => void | Promise<void>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const run = async (action: () => void | Promise<void>) => {
    setBusy(true);
    try {
      await action();
      onClose();
    } catch (err) {
      reportError(err);
      setBusy(false);
    }
  };
  return [busy, run];
}

export function ConfirmDialog(props: { title: string; message: string; confirm: string; onConfirm(): void | Promise<void>; onClose(): void }) {
  const [busy, run] = useDialogAction(props.onClose);
  const go = () => run(props.onConfirm);
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <button className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button className="btn danger solid primary" disabled={busy} onClick={go}>
            {props.confirm}
          </button>
        </>
      }
    >
      <p className="muted" style={{ margin: 0 }}>
        {props.message}
      </p>
    </Dialog>
  );
}

export function PromptDialog(props: {
  title: string;
  label: string;
  value: string;
  confirm: string;
  onConfirm(value: string): void | Promise<void>;
  onClose(): void;
}) {
  const [value, setValue] = useState(props.value);
  const [busy, run] = useDialogAction(props.onClose);
  const go = async () => {
    if (value.trim()) await run(() => props.onConfirm(value.trim()));
  };
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <button className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button className="btn primary" disabled={busy || !value.trim()} onClick={go}>
            {props.confirm}
          </button>
        </>
      }
    >
      <label className="field">
        <div className="field-label">{props.label}</div>
        <input
          className="input"
          autoFocus
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onFocus={(e) => e.target.select()}
          onKeyDown={(e) => e.key === 'Enter' && void go()}
        />
      </label>
    </Dialog>
  );
}

import { useState } from 'react';
import { reportError } from '../state/ui';
import { Dialog } from './Dialog';

export function ConfirmDialog(props: { title: string; message: string; confirm: string; onConfirm(): void | Promise<void>; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (err) {
      reportError(err);
      setBusy(false);
    }
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
  const [busy, setBusy] = useState(false);
  const go = async () => {
    if (!value.trim()) return;
    setBusy(true);
    try {
      await props.onConfirm(value.trim());
      props.onClose();
    } catch (err) {
      reportError(err);
      setBusy(false);
    }
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

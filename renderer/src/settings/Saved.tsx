import { useEffect, useState } from 'react';
import { reportError } from '../state/ui';

/** A text setting saved when the field loses focus. */
export function Saved({ label, help, value, onSave, type = 'text' }: { label: string; help: string; value: string; onSave(v: string): Promise<void>; type?: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <div className="field">
      <label className="field-label">{label}</label>
      <input
        className="input"
        type={type}
        value={draft}
        aria-label={label}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => draft !== value && void onSave(draft).catch(reportError)}
      />
      <div className="field-help">{help}</div>
    </div>
  );
}


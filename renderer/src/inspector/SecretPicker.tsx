import { useEffect, useRef, useState } from 'react';
import { useSettings } from '../state/settings';
import { reportError, useUi } from '../state/ui';
import type { FieldProps } from './fields';

const CREATE = '\u0000create';
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A name to offer for a new secret: the param's name, as a variable would be spelled. */
function suggestedName(key: string): string {
  return key
    .replace(/Secret$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();
}

/**
 * A secret param: a name picked from the secrets store, or "Create one here", where the value is
 * typed once into a password field, saved to the store and never shown again; the param keeps
 * only the name.
 */
export function SecretPicker({ field, value, readOnly, onChange, label }: FieldProps & { label?: string }) {
  const secrets = useSettings((s) => s.secrets);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [secretValue, setSecretValue] = useState('');
  const [busy, setBusy] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    void useSettings.getState().loadSecrets().catch(() => undefined);
  }, []);
  useEffect(() => {
    if (creating) nameInput.current?.focus();
  }, [creating]);
  const current = typeof value === 'string' ? value : '';
  const missing = current !== '' && !secrets.names.includes(current);
  const names = missing ? [current, ...secrets.names] : secrets.names;
  const close = () => {
    setCreating(false);
    setSecretValue('');
  };
  const save = async () => {
    const trimmed = name.trim();
    setBusy(true);
    try {
      await useSettings.getState().setSecret(trimmed, secretValue);
      onChange(trimmed);
      useUi.getState().toast('success', `Secret ${trimmed} saved`);
      close();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const nameProblem = name.trim() && !NAME.test(name.trim()) ? 'letters, digits, _ . - (like OPENAI_API_KEY)' : undefined;
  const ready = !busy && !!name.trim() && !!secretValue && !nameProblem;
  return (
    <div className="secret-picker" data-field={field.key}>
      <select
        className="input"
        id={`param-${field.key}`}
        name={field.key}
        aria-label={label ?? `${field.key} secret`}
        disabled={readOnly}
        value={creating ? CREATE : current}
        onChange={(e) => {
          if (e.target.value === CREATE) {
            setName(missing ? current : suggestedName(field.key));
            setCreating(true);
            return;
          }
          close();
          onChange(e.target.value || undefined);
        }}
      >
        <option value="">— no secret —</option>
        {names.map((n) => (
          <option key={n} value={n}>
            {n === current && missing ? `${n} (not set)` : n}
          </option>
        ))}
        {secrets.available && <option value={CREATE}>Create one here…</option>}
      </select>
      {!secrets.available && secrets.reason && <div className="note">{secrets.reason}</div>}
      {creating && (
        // Not a <form>: it sits inside the params form, and forms do not nest.
        <div
          className="secret-create"
          role="group"
          aria-label="New secret"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
            if (e.key === 'Enter' && ready) {
              e.preventDefault();
              void save();
            }
          }}
        >
          <input ref={nameInput} className="input mono" aria-label="New secret name" placeholder="NAME (e.g. OPENAI_API_KEY)" value={name} onChange={(e) => setName(e.target.value)} />
          {nameProblem && <div className="note">Secret names are {nameProblem}.</div>}
          <input
            className="input"
            type="password"
            autoComplete="new-password"
            aria-label="New secret value"
            placeholder="Value (stored encrypted, never shown again)"
            value={secretValue}
            onChange={(e) => setSecretValue(e.target.value)}
          />
          <div className="row">
            <button type="button" className="btn small" onClick={close}>
              Cancel
            </button>
            <button type="button" className="btn primary small" disabled={!ready} onClick={() => void save()}>
              Save secret
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

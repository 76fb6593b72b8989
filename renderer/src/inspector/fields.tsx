import { lazy, Suspense, useEffect, useState } from 'react';
import type { FieldSpec } from './schema-fields';
import { SecretPicker } from './SecretPicker';
import { CloseIcon } from '../ui/icons';

const MonacoField = lazy(() => import('./MonacoField'));

export interface FieldProps {
  field: FieldSpec;
  value: unknown;
  readOnly: boolean;
  onChange(value: unknown): void;
}

function TextInput({ field, value, readOnly, onChange }: FieldProps) {
  const numeric = field.kind === 'number' || field.kind === 'integer';
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => setText(value === undefined ? '' : String(value)), [value]);
  return (
    <input
      className="input"
      id={`param-${field.key}`}
      name={field.key}
      type={numeric ? 'number' : 'text'}
      step={field.kind === 'integer' ? 1 : undefined}
      min={field.min}
      max={field.max}
      readOnly={readOnly}
      placeholder={field.default !== undefined ? `default: ${String(field.default)}` : undefined}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const raw = e.target.value;
        if (raw === '') onChange(undefined);
        else onChange(numeric ? Number(raw) : raw);
      }}
    />
  );
}

function RecordInput({ field, value, readOnly, onChange }: FieldProps) {
  const entries = Object.entries((value as Record<string, string> | undefined) ?? {});
  const [rows, setRows] = useState<[string, string][]>(entries.length ? entries : []);
  const push = (next: [string, string][]) => {
    setRows(next);
    const filled = next.filter(([k]) => k !== '');
    onChange(filled.length ? Object.fromEntries(filled) : undefined);
  };
  return (
    <div data-field={field.key}>
      {rows.map(([k, v], i) => (
        <div key={i} className="kv-row">
          <input className="input mono" placeholder="NAME" value={k} readOnly={readOnly} aria-label={`${field.key} name ${i + 1}`} onChange={(e) => push(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))} />
          <input className="input mono" placeholder="value" value={v} readOnly={readOnly} aria-label={`${field.key} value ${i + 1}`} onChange={(e) => push(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))} />
          <button className="btn ghost icon small" aria-label="Remove" disabled={readOnly} onClick={() => push(rows.filter((_, j) => j !== i))}>
            <CloseIcon size={14} aria-hidden="true" />
          </button>
        </div>
      ))}
      <button className="btn small" disabled={readOnly} onClick={() => setRows([...rows, ['', '']])}>
        + Add
      </button>
    </div>
  );
}

function JsonInput({ field, value, readOnly, onChange }: FieldProps) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <textarea
      className={`input${bad ? ' invalid' : ''}`}
      name={field.key}
      readOnly={readOnly}
      rows={3}
      // The default says what the field holds better than any example (the team's roles).
      placeholder={field.default !== undefined ? `default: ${JSON.stringify(field.default)}` : 'JSON value, e.g. "hello" or {"a": 1}'}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '') {
          setBad(false);
          return onChange(undefined);
        }
        try {
          onChange(JSON.parse(e.target.value));
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
    />
  );
}

/** The input for one param, by the kind the schema gives it. */
export function ParamInput(props: FieldProps) {
  const { field, value, readOnly, onChange } = props;
  switch (field.kind) {
    case 'boolean':
      return (
        <label className="switch">
          <input type="checkbox" name={field.key} disabled={readOnly} checked={Boolean(value ?? field.default)} onChange={(e) => onChange(e.target.checked)} />
          {value ?? field.default ? 'On' : 'Off'}
        </label>
      );
    case 'enum':
      return (
        <select className="input" name={field.key} disabled={readOnly} value={String(value ?? field.default ?? '')} onChange={(e) => onChange(e.target.value)}>
          {field.options!.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'record':
      return <RecordInput {...props} />;
    case 'json':
      return <JsonInput {...props} />;
    case 'secret':
      return <SecretPicker {...props} />;
    case 'code':
      return (
        <Suspense fallback={<div className={`code-field${field.long ? '' : ' tall'}`} />}>
          <MonacoField field={field} value={typeof value === 'string' ? value : ''} readOnly={readOnly} onChange={onChange} />
        </Suspense>
      );
    default:
      return <TextInput {...props} />;
  }
}

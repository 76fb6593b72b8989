import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { exampleFor, useRunForm, type RunField } from '../state/run-inputs';
import { isRunning, useRuns } from '../state/runs';
import { Dialog } from '../ui/Dialog';
import { closeRunForm, deletePreset, pickPreset, savePreset, setRunValue, submitRunForm } from './start-run';
import '../styles/run-form.css';

const TYPE_LABEL: Record<RunField['kind'], string> = { text: 'text', longtext: 'text', number: 'number', boolean: 'yes / no', json: 'JSON' };

function Field({ field }: { field: RunField }) {
  const value = useRunForm((s) => s.values[field.name]);
  const error = useRunForm((s) => s.errors[field.name]);
  const id = `run-input-${field.name}`;
  const help = field.description ?? (field.kind === 'json' ? exampleFor(field.type) && `For example ${exampleFor(field.type)}` : undefined);
  const describedBy = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    className: `input${error ? ' invalid' : ''}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className="field run-field" data-testid="run-field" data-input={field.name}>
      {field.kind === 'boolean' ? (
        <label className="run-check">
          <input type="checkbox" id={id} checked={value === true} onChange={(e) => setRunValue(field.name, e.target.checked)} aria-describedby={describedBy} />
          <span className="field-label">{field.name}</span>
        </label>
      ) : (
        <>
          <label className="field-label" htmlFor={id}>
            {field.name}
            {field.required && (
              <span className="req" title="required">
                *
              </span>
            )}
            <span className="type">{field.type === 'json' || field.type === 'any' || field.type === 'text' ? TYPE_LABEL[field.kind] : field.type}</span>
          </label>
          {field.kind === 'text' || field.kind === 'number' ? (
            <input
              {...common}
              type="text"
              inputMode={field.kind === 'number' ? 'decimal' : undefined}
              value={String(value ?? '')}
              placeholder={field.required ? '' : 'empty: the default'}
              onChange={(e) => setRunValue(field.name, e.target.value)}
            />
          ) : (
            <textarea
              {...common}
              rows={field.kind === 'json' ? 4 : 5}
              value={String(value ?? '')}
              placeholder={field.kind === 'json' ? exampleFor(field.type) ?? 'any JSON value' : field.required ? '' : 'empty: the default'}
              spellCheck={field.kind !== 'json'}
              onChange={(e) => setRunValue(field.name, e.target.value)}
            />
          )}
        </>
      )}
      {help && (
        <div className="field-help" id={`${id}-help`}>
          {help}
        </div>
      )}
      {error && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** Picks, saves and deletes the project's named sets of inputs. */
function Presets() {
  const { presets, preset } = useRunForm(useShallow((s) => ({ presets: s.presets, preset: s.preset })));
  const [naming, setNaming] = useState<string | undefined>();
  const picker = useRef<HTMLSelectElement>(null);
  // The name field goes when done: focus stays in the form, so Escape and Ctrl+Enter still reach it.
  const stopNaming = () => {
    setNaming(undefined);
    requestAnimationFrame(() => picker.current?.focus());
  };
  const save = async () => {
    if (!naming?.trim()) return;
    await savePreset(naming);
    stopNaming();
  };
  return (
    <div className="run-presets" role="group" aria-label="Presets">
      <label className="faint" htmlFor="run-preset">
        Preset
      </label>
      <select ref={picker} id="run-preset" className="input" value={preset ?? ''} onChange={(e) => e.target.value && pickPreset(e.target.value)}>
        <option value="">{presets.length ? 'Choose a preset…' : 'No presets yet'}</option>
        {presets.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="button" className="btn small ghost" disabled={!preset} onClick={() => preset && void deletePreset(preset).then(() => picker.current?.focus())} title="Delete the chosen preset">
        Delete
      </button>
      {naming === undefined ? (
        <button type="button" className="btn small" onClick={() => setNaming(preset ?? '')}>
          Save as preset…
        </button>
      ) : (
        <span className="row run-preset-name">
          <input
            className="input"
            aria-label="Preset name"
            placeholder="Preset name"
            autoFocus
            value={naming}
            onChange={(e) => setNaming(e.target.value)}
            onKeyDown={(e) => {
              // Enter names the preset; it does not run the form.
              if (e.key === 'Enter') {
                e.preventDefault();
                void save();
              }
              if (e.key === 'Escape') {
                // Ends naming only; the form stays.
                e.stopPropagation();
                e.preventDefault();
                stopNaming();
              }
            }}
          />
          <button type="button" className="btn small primary" disabled={!naming.trim()} onClick={() => void save()}>
            Save
          </button>
        </span>
      )}
    </div>
  );
}

/** Asks for the pipeline's inputs before it runs: one typed field per pipeline-input node. */
export function RunForm() {
  const { open, name, fields, problem, busy } = useRunForm(
    useShallow((s) => ({ open: s.doc !== undefined, name: s.doc?.name, fields: s.fields, problem: s.problem, busy: s.busy })),
  );
  const running = useRuns(isRunning);
  // Escape closes the form wherever the focus is (a button that went away leaves it on the page).
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      closeRunForm();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (!open) return null;
  return (
    <Dialog
      title={`Run ${name ?? 'the pipeline'}`}
      label="Run with inputs"
      onClose={closeRunForm}
      footer={
        <>
          {running && <span className="faint run-form-note">A run is going on: this one waits in the queue.</span>}
          <button className="btn" onClick={closeRunForm}>
            Cancel
          </button>
          <button className="btn primary" disabled={busy} onClick={() => void submitRunForm()} title="Run with these inputs (Ctrl+Enter)">
            {running ? 'Queue run' : 'Run'}
          </button>
        </>
      }
    >
      <form
        className="run-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submitRunForm();
        }}
      >
        {fields.map((f) => (
          <Field key={f.name} field={f} />
        ))}
        <Presets />
        {problem && (
          <div className="field-error run-form-problem" role="alert">
            {problem}
          </div>
        )}
      </form>
    </Dialog>
  );
}

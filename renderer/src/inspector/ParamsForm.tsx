import { useMemo } from 'react';
import type { AnyDefinition, EngineSettings } from '../../../nodes/sdk';
import type { ValidationIssueInfo } from '../../../preload/contract';
import { useGraph } from '../state/graph';
import { ParamInput } from './fields';
import { fieldsOf, paramErrors, settingsFields, type FieldSpec } from './schema-fields';

// Engine settings' fields are keyed apart from params: a kind may have a param of the same name.
const SETTINGS_PREFIX = /^settings\./;

interface Props {
  nodeId: string;
  def: AnyDefinition;
  params: Record<string, unknown>;
  /** Engine settings beside the params (retries, timeout); annotations have none. */
  settings?: EngineSettings;
  issues: ValidationIssueInfo[];
  readOnly: boolean;
}

/** A form generated from the node's params schema: defaults, descriptions, enums, numbers, booleans, code. */
export function ParamsForm({ nodeId, def, params, settings, issues, readOnly }: Props) {
  const fields = fieldsOf(def);
  const errors = useMemo(() => paramErrors(def, params), [def, params]);
  const set = (key: string, value: unknown) => {
    const current = useGraph.getState().nodes.find((n) => n.id === nodeId)?.data.params as Record<string, unknown> | undefined;
    const next: Record<string, unknown> = { ...current };
    if (value === undefined) delete next[key];
    else next[key] = value;
    useGraph.getState().updateParams(nodeId, next, key);
  };
  const setSetting = (key: string, value: unknown) => {
    const current = useGraph.getState().nodes.find((n) => n.id === nodeId)?.data.settings;
    const next: Record<string, unknown> = { ...current };
    if (value === undefined) delete next[key];
    else next[key] = value;
    useGraph.getState().updateNode(nodeId, { settings: next as EngineSettings });
  };
  const render = (field: FieldSpec, value: unknown, onChange: (v: unknown) => void, error: string | undefined) => (
    <div className="field" key={field.key} data-param={field.key}>
      <label className="field-label" htmlFor={`param-${field.key}`}>
        {field.key.replace(SETTINGS_PREFIX, '')}
        {field.required && <span className="req">*</span>}
        <span className="type">{field.kind === 'code' ? (field.language ?? 'text') : field.kind}</span>
      </label>
      <ParamInput key={nodeId} field={field} value={value} readOnly={readOnly} onChange={onChange} />
      {error ? <div className="field-error">{error}</div> : field.description && <div className="field-help">{field.description}</div>}
    </div>
  );
  const issueOf = (key: string) => issues.find((i) => i.field === key || i.field?.startsWith(`${key}.`))?.message;
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Parameters">
      {fields.map((f) => render(f, params[f.key], (v) => set(f.key, v), errors[f.key] ?? issueOf(f.key)))}
      {!def.annotation && (
        <details>
          <summary className="section-title" style={{ cursor: 'pointer' }}>
            Advanced
          </summary>
          {settingsFields().map((f) =>
            render({ ...f, key: `settings.${f.key}` }, settings?.[f.key as keyof EngineSettings], (v) => setSetting(f.key, v), issueOf(`settings.${f.key}`)),
          )}
        </details>
      )}
    </form>
  );
}

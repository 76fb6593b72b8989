import { useMemo } from 'react';
import type { AnyDefinition } from '../../../nodes/sdk';
import type { ValidationIssueInfo } from '../../../preload/contract';
import { useGraph } from '../state/graph';
import { ParamInput } from './fields';
import { ADVANCED, fieldsOf, paramErrors, type FieldSpec } from './schema-fields';

interface Props {
  nodeId: string;
  def: AnyDefinition;
  params: Record<string, unknown>;
  issues: ValidationIssueInfo[];
  readOnly: boolean;
}

/** A form generated from the node's params schema: defaults, descriptions, enums, numbers, booleans, code. */
export function ParamsForm({ nodeId, def, params, issues, readOnly }: Props) {
  const fields = fieldsOf(def);
  const errors = useMemo(() => paramErrors(def, params), [def, params]);
  const set = (key: string, value: unknown) => {
    const current = useGraph.getState().nodes.find((n) => n.id === nodeId)?.data.params as Record<string, unknown> | undefined;
    const next: Record<string, unknown> = { ...current };
    if (value === undefined) delete next[key];
    else next[key] = value;
    useGraph.getState().updateParams(nodeId, next, key);
  };
  const render = (field: FieldSpec) => {
    const issue = issues.find((i) => i.field === field.key || i.field?.startsWith(`${field.key}.`));
    const error = errors[field.key] ?? issue?.message;
    return (
      <div className="field" key={field.key} data-param={field.key}>
        <label className="field-label" htmlFor={`param-${field.key}`}>
          {field.key}
          {field.required && <span className="req">*</span>}
          <span className="type">{field.kind === 'code' ? (field.language ?? 'text') : field.kind}</span>
        </label>
        <ParamInput key={nodeId} field={field} value={params[field.key]} readOnly={readOnly} onChange={(v) => set(field.key, v)} />
        {error ? <div className="field-error">{error}</div> : field.description && <div className="field-help">{field.description}</div>}
      </div>
    );
  };
  const main = fields.filter((f) => !ADVANCED.has(f.key));
  const advanced = fields.filter((f) => ADVANCED.has(f.key));
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Parameters">
      {main.map(render)}
      {advanced.length > 0 && (
        <details>
          <summary className="section-title" style={{ cursor: 'pointer' }}>
            Advanced
          </summary>
          {advanced.map(render)}
        </details>
      )}
    </form>
  );
}

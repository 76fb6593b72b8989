import { create } from 'zustand';
import { PORT_VALUE_SCHEMAS, PortTypeSchema, type Pipeline, type PortType } from '../../../nodes/sdk';
import type { RunInputPresetInfo } from '../../../preload/contract';

/** How a run input is typed in: what the input node declares, with the default's own type for json. */
export type FieldKind = 'text' | 'longtext' | 'number' | 'boolean' | 'json';

export interface RunField {
  name: string;
  type: PortType;
  kind: FieldKind;
  description?: string;
  default?: unknown;
  /** A value must be given: the input has no default. */
  required: boolean;
}

/** What the person has typed, per input: text as typed, or a checkbox's state. */
export type RawValues = Record<string, string | boolean>;

const EXAMPLES: Partial<Record<PortType, string>> = {
  workspace: '{ "path": "/home/me/project" }',
  repo: '{ "path": "/home/me/repo", "branch": "main", "commit": "" }',
  endpoint: '{ "baseUrl": "http://localhost:11434/v1", "model": "qwen2.5-coder", "apiKeySecret": "OPENAI_KEY" }',
  service: '{ "url": "http://localhost:8080", "name": "app" }',
  image: '{ "ref": "nginx:1.27" }',
  report: '{ "passed": 8, "failed": 0 }',
};

/** An example value for inputs whose values are JSON objects. */
export function exampleFor(type: PortType): string | undefined {
  return EXAMPLES[type];
}

function kindOf(type: PortType, fallback: unknown): FieldKind {
  if (type === 'text') return typeof fallback === 'string' && (fallback.includes('\n') || fallback.length > 60) ? 'longtext' : 'text';
  if (type === 'json' || type === 'any') {
    if (typeof fallback === 'boolean') return 'boolean';
    if (typeof fallback === 'number') return 'number';
    if (typeof fallback === 'string') return 'text';
  }
  return 'json';
}

/** The run form's fields: one per enabled pipeline-input node, first of a name wins (as the engine reads them). */
export function runFields(doc: Pick<Pipeline, 'nodes'>): RunField[] {
  const fields = new Map<string, RunField>();
  for (const node of doc.nodes) {
    if (node.kind !== 'pipeline-input' || node.disabled) continue;
    const name = node.params.name;
    if (typeof name !== 'string' || !name || fields.has(name)) continue;
    const parsed = PortTypeSchema.safeParse(node.params.type ?? 'text');
    const type = parsed.success ? parsed.data : 'any';
    const description = typeof node.params.description === 'string' && node.params.description.trim() ? node.params.description.trim() : undefined;
    fields.set(name, {
      name,
      type,
      kind: kindOf(type, node.params.default),
      ...(description ? { description } : {}),
      ...(node.params.default !== undefined ? { default: node.params.default } : {}),
      required: node.params.default === undefined,
    });
  }
  return [...fields.values()];
}

/** A value as the field shows it. */
export function rawOf(field: RunField, value: unknown): string | boolean {
  if (field.kind === 'boolean') return value === true;
  if (value === undefined) return '';
  if (field.kind === 'text' || field.kind === 'longtext') return typeof value === 'string' ? value : JSON.stringify(value);
  if (field.kind === 'number') return typeof value === 'number' ? String(value) : '';
  return JSON.stringify(value, null, 2);
}

/** What the form starts with: the last values where they still fit a field, else the defaults. */
export function initialValues(fields: RunField[], last: Record<string, unknown> | undefined): RawValues {
  const raw: RawValues = {};
  for (const f of fields) {
    const remembered = last?.[f.name];
    const fits = remembered !== undefined && PORT_VALUE_SCHEMAS[f.type].safeParse(remembered).success;
    raw[f.name] = rawOf(f, fits ? remembered : f.default);
  }
  return raw;
}

export interface ParsedInputs {
  inputs: Record<string, unknown>;
  /** By input name: what is wrong, naming the input. */
  errors: Record<string, string>;
}

/**
 * The run's inputs from what was typed, each checked against its type. An empty field leaves
 * the input to its default; without one, it is an error naming the input.
 */
export function parseValues(fields: RunField[], raw: RawValues): ParsedInputs {
  const inputs: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const typed = raw[f.name];
    let value: unknown;
    if (f.kind === 'boolean') value = typed === true;
    else {
      const text = typeof typed === 'string' ? typed : '';
      if (text.trim() === '') {
        if (f.required) errors[f.name] = `input "${f.name}" needs a value`;
        continue;
      }
      if (f.kind === 'text' || f.kind === 'longtext') value = text;
      else if (f.kind === 'number') {
        value = Number(text);
        if (!Number.isFinite(value)) {
          errors[f.name] = `input "${f.name}" takes a number, not "${text.trim().slice(0, 40)}"`;
          continue;
        }
      } else {
        try {
          value = JSON.parse(text);
        } catch (err) {
          errors[f.name] = `input "${f.name}" is not valid JSON: ${(err as Error).message}`;
          continue;
        }
      }
    }
    const checked = PORT_VALUE_SCHEMAS[f.type].safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const at = issue.path.length ? ` (at ${issue.path.map(String).join('.')})` : '';
      errors[f.name] = `input "${f.name}" takes a ${f.type} value: ${issue.message}${at}`;
      continue;
    }
    inputs[f.name] = value;
  }
  return { inputs, errors };
}

export interface RunFormState {
  /** Set while the form is open: the document it will run, as it was when Run was pressed. */
  doc?: Pipeline;
  projectId?: string;
  fields: RunField[];
  values: RawValues;
  errors: Record<string, string>;
  /** An error that is no one field's (the engine refused the pipeline, the connection failed). */
  problem?: string;
  presets: RunInputPresetInfo[];
  /** The preset last picked or saved, shown selected. */
  preset?: string;
  busy: boolean;
}

export const useRunForm = create<RunFormState>()(() => ({ fields: [], values: {}, errors: {}, presets: [], busy: false }));

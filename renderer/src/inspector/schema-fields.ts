import { z } from 'zod';
import { EngineSettingsSchema, type AnyDefinition, type ParamFlag } from '../../../nodes/sdk';

/** One form field, read from a node's params schema (its JSON Schema form, metadata included). */
export interface FieldSpec {
  key: string;
  kind: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'record' | 'json' | 'code' | 'secret';
  required: boolean;
  description?: string;
  default?: unknown;
  options?: string[];
  language?: string;
  /** Long text edited with Monaco as plain text. */
  long?: boolean;
  min?: number;
  max?: number;
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  description?: string;
  default?: unknown;
  editor?: string;
  language?: string;
  /** The definition's flag on the param (nodes/sdk/param-flags.ts). */
  pipewright?: ParamFlag;
  minimum?: number;
  maximum?: number;
  additionalProperties?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

const cache = new WeakMap<z.ZodObject, FieldSpec[]>();

/** The fields of a kind's params form, in schema order, cached per definition. */
export function fieldsOf(def: AnyDefinition): FieldSpec[] {
  return fieldsOfSchema(def.params);
}

/** The form fields of an object schema: a kind's params, or the engine settings beside them. */
export function fieldsOfSchema(params: z.ZodObject): FieldSpec[] {
  const hit = cache.get(params);
  if (hit) return hit;
  const schema = z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([key, p]): FieldSpec => {
    const base = { key, required: required.has(key), description: p.description, default: p.default };
    // What a param is decides its editor: a secret's name is picked from the stored secrets, a command is shell in Monaco.
    if (p.pipewright?.role === 'secret') return { ...base, kind: 'secret' };
    if (p.pipewright?.role === 'command') return { ...base, kind: 'code', language: p.language ?? 'shell' };
    if (p.editor === 'code') return { ...base, kind: 'code', language: p.language ?? 'plaintext' };
    if (p.editor === 'text') return { ...base, kind: 'code', language: p.language ?? 'markdown', long: true };
    if (p.enum) return { ...base, kind: 'enum', options: p.enum.map(String) };
    if (p.type === 'boolean') return { ...base, kind: 'boolean' };
    if (p.type === 'integer' || p.type === 'number') return { ...base, kind: p.type, min: p.minimum, max: p.maximum };
    if (p.type === 'string') return { ...base, kind: 'string' };
    if (p.type === 'object' && p.additionalProperties && !p.properties) return { ...base, kind: 'record' };
    return { ...base, kind: 'json' };
  });
  cache.set(params, fields);
  return fields;
}

/** Field errors from the params schema, by top-level key. */
export function paramErrors(def: AnyDefinition, params: Record<string, unknown>): Record<string, string> {
  const parsed = def.params.safeParse(params);
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? '');
    const rest = issue.path.slice(1).join('.');
    errors[key] ??= rest ? `${rest}: ${issue.message}` : issue.message;
  }
  return errors;
}

// Pinned outputs have their own controls (pin, unpin), not a form field.
const FORM_SETTINGS = EngineSettingsSchema.omit({ pinned: true });

/** Engine settings every runnable node has (retries, timeout): shown under "Advanced". */
export const settingsFields = () => fieldsOfSchema(FORM_SETTINGS);

/** How the Output tab reads a value: the shape of JSON, a table of it, whether it is a link. */

export type FieldType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'mixed';

export interface SchemaField {
  /** `items[].name`: `[]` stands for every element of an array. */
  path: string;
  type: FieldType;
  /** Only in some of the array elements. */
  optional?: boolean;
  /** An example value (the first seen), for scalars. */
  example?: string;
}

function typeOf(value: unknown): FieldType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : t === 'object' ? 'object' : 'mixed';
}

/** Fields at most this deep are listed: a schema is read, not scrolled. */
const MAX_DEPTH = 6;

/**
 * The fields of a JSON value, each with its type. Elements of an array are merged: a field
 * missing from some elements is optional, one with different types is `mixed` (null aside,
 * which makes it optional).
 */
export function inferSchema(value: unknown): SchemaField[] {
  const fields = new Map<string, SchemaField & { seen: number }>();
  const visit = (v: unknown, path: string, depth: number, count: (path: string) => void) => {
    const type = typeOf(v);
    if (path) {
      const known = fields.get(path);
      if (!known) fields.set(path, { path, type, seen: 0, ...(type !== 'object' && type !== 'array' && type !== 'null' ? { example: String(v) } : {}) });
      else if (known.type === 'null') Object.assign(known, { type, optional: true });
      else if (type === 'null') known.optional = true;
      else if (known.type !== type) known.type = 'mixed';
      count(path);
    }
    if (depth >= MAX_DEPTH) return;
    if (type === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) visit(child, path ? `${path}.${k}` : k, depth + 1, count);
    } else if (type === 'array') {
      const items = v as unknown[];
      const element = `${path}[]`;
      // Counts how many elements hold each field beneath, to mark those some elements lack.
      const seenIn = new Map<string, number>();
      for (const item of items) {
        const here = new Set<string>();
        visit(item, element, depth + 1, (p) => here.add(p));
        for (const p of here) seenIn.set(p, (seenIn.get(p) ?? 0) + 1);
      }
      for (const [p, n] of seenIn) {
        const f = fields.get(p);
        if (f && n < items.length && p !== element) f.optional = true;
        count(p);
      }
    }
  };
  visit(value, '', 0, () => undefined);
  return [...fields.values()].map(({ seen: _seen, ...f }) => f);
}

export interface Table {
  columns: string[];
  rows: unknown[][];
}

/**
 * A value as rows: an array of objects gives a column per key (in order of first appearance), an
 * array of scalars one `value` column, an object one row per key. Undefined for a scalar.
 */
export function tableOf(value: unknown): Table | undefined {
  if (Array.isArray(value)) {
    if (value.length && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
      const columns: string[] = [];
      for (const row of value as Record<string, unknown>[]) for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
      return { columns, rows: (value as Record<string, unknown>[]).map((row) => columns.map((c) => row[c])) };
    }
    return { columns: ['#', 'value'], rows: value.map((v, i) => [i, v]) };
  }
  if (value !== null && typeof value === 'object') {
    return { columns: ['key', 'value'], rows: Object.entries(value).map(([k, v]) => [k, v]) };
  }
  return undefined;
}

/** A table cell: scalars as they are, nested values as compact JSON. */
export function cellText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** An http(s) URL a person can open, and nothing else (no javascript:, no file:). */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim()) || /\s/.test(value.trim())) return false;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Text that holds a JSON object or array is shown as that value; other text stays text. */
export function parsedJson(value: unknown): { value: unknown } | undefined {
  if (typeof value !== 'string') return value !== null && typeof value === 'object' ? { value } : undefined;
  const text = value.trim();
  if (!(text.startsWith('{') || text.startsWith('['))) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** A JSON path for copying: `items[2].name`, `["odd key"]` where a key is not an identifier. */
export function pathText(parts: (string | number)[]): string {
  return parts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? (i ? `.${p}` : p) : `[${JSON.stringify(p)}]`))
    .join('');
}

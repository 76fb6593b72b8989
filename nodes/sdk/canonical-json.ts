/**
 * JSON with object keys sorted, so equal values always give equal text. Keys holding
 * `undefined` are left out, as JSON.stringify does; a top-level `undefined` is `undefined`.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return write(value);
}

function write(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'bigint') return `${value}n`;
    return 'null';
  }
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value));
  if (Array.isArray(value)) {
    let s = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) s += ',';
      const v = value[i];
      s += v === undefined || typeof v === 'function' ? 'null' : write(v);
    }
    return `${s}]`;
  }
  const keys = Object.keys(value).sort();
  let s = '{';
  let first = true;
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function') continue;
    s += `${first ? '' : ','}${JSON.stringify(k)}:${write(v)}`;
    first = false;
  }
  return `${s}}`;
}

/**
 * YAML for plain data (objects, arrays, strings, numbers, booleans, null) in block style. Every
 * string is double-quoted with JSON's escapes, which YAML reads the same way: no value can turn
 * into a number, a boolean or a comment, whatever the person typed.
 */
type Data = string | number | boolean | null | Data[] | { [key: string]: Data | undefined };

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function scalar(value: Data): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} in YAML`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (!Array.isArray(value) && Object.values(value).every((v) => v === undefined)) return '{}';
  return undefined;
}

function lines(value: Data, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const s = scalar(item);
      if (s !== undefined) {
        out.push(`${pad}- ${s}`);
        continue;
      }
      const inner = lines(item, indent + 2);
      out.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
    }
    return out;
  }
  for (const [k, v] of Object.entries(value as Record<string, Data | undefined>)) {
    if (v === undefined) continue;
    const key = BARE_KEY.test(k) ? k : JSON.stringify(k);
    const s = scalar(v);
    if (s !== undefined) out.push(`${pad}${key}: ${s}`);
    else out.push(`${pad}${key}:`, ...lines(v, indent + 2));
  }
  return out;
}

/** The document for `value` (an object), with `comment` lines on top. */
export function toYaml(value: Record<string, Data | undefined>, comment?: string): string {
  const head = comment ? comment.split('\n').map((l) => `# ${l}`.trimEnd()) : [];
  return [...head, ...lines(value, 0)].join('\n') + '\n';
}

export type { Data as YamlData };

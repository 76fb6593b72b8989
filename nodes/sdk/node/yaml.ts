/**
 * The one door to the `yaml` package: configuration files that runtimes write for other
 * programs (LiteLLM's config.yaml, Continue's config.yaml).
 */
import { Document, isMap, isNode, isScalar, LineCounter, parseAllDocuments } from 'yaml';

export type YamlData = string | number | boolean | null | YamlData[] | { [key: string]: YamlData | undefined };

/**
 * Block YAML for `value`, with `comment` lines on top. Keys and strings are written for YAML 1.1
 * readers too (PyYAML, which LiteLLM uses): every string value is double-quoted, and a key such as
 * `on`, `no` or `0.5` is quoted, so nothing a person types turns into a boolean or a number.
 * Keys whose value is undefined are left out.
 */
export function toYaml(value: { [key: string]: YamlData | undefined }, comment?: string): string {
  const body = new Document(value, { version: '1.1' }).toString({
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'PLAIN',
    lineWidth: 0,
  });
  const head = comment ? comment.split('\n').map((line) => `# ${line}`.trimEnd()) : [];
  return [...head, body].join('\n');
}

/** One document of a YAML file, with a way back from a field to the line it is on. */
export interface YamlSourceDocument {
  data: unknown;
  /** The 1-based line of the field at `path` (keys and indexes), or of its nearest parent found. */
  lineOf(path: readonly (string | number)[]): number;
  /** Syntax errors, each with its line. */
  errors: { line: number; message: string }[];
}

/** Every document of a YAML text (`---` separated), for checks that must name a file's line. */
export function parseYamlDocuments(text: string): YamlSourceDocument[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  const list = Array.isArray(docs) ? docs : [];
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  return list.map((doc) => ({
    data: doc.toJS(),
    errors: doc.errors.map((e) => ({ line: lineAt(e.pos[0]), message: e.message.split('\n')[0] })),
    lineOf(path) {
      for (let n = path.length; n > 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) {
          // A key's line is that of its pair: ask the parent map for the key node.
          const parent = doc.getIn(path.slice(0, n - 1), true);
          if (isMap(parent)) {
            const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[n - 1]);
            if (pair && isNode(pair.key) && pair.key.range) return lineAt(pair.key.range[0]);
          }
          return lineAt(node.range[0]);
        }
      }
      return lineAt(doc.contents?.range?.[0]);
    },
  }));
}

/**
 * The one door to the `yaml` package: configuration files that runtimes write for other
 * programs (LiteLLM's config.yaml, Continue's config.yaml).
 */
import { Document } from 'yaml';

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

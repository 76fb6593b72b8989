import type { Pipeline, PortEnv } from '../nodes/sdk';
import { pinsForExport } from './export-pins';
import type { SecretMatcher } from './store/secret-matcher';

export interface TemplateExport {
  /** The file's text. */
  text: string;
  /** Secrets whose value the document held (pasted into a param) and that the text names instead. */
  removedSecrets: string[];
}

const NAMED = /\[secret ([^\]\s]+)\]/g;

function named(text: string): Set<string> {
  return new Set(Array.from(text.matchAll(NAMED), (m) => m[1]));
}

function removed(before: string, after: string): string[] {
  if (before === after) return [];
  const had = named(before);
  return [...named(after)].filter((n) => !had.has(n)).sort();
}

/**
 * A saved pipeline as a template file: pins as asked (see pinsForExport), and every stored
 * secret value replaced by `[secret NAME]`. Documents are meant to hold secret names only, but
 * a value pasted into a param (a shell node's env, a command) would otherwise leave with the file.
 */
export function templateExport(doc: Pipeline, includePins: boolean, env: PortEnv, matcher: SecretMatcher): TemplateExport {
  const shared = pinsForExport(doc, includePins, env);
  const before = `${JSON.stringify(shared, null, 2)}\n`;
  // Each string value on its own, before JSON escapes a quote or backslash a value may hold.
  const text = `${JSON.stringify(matcher.redactDeep(shared), null, 2)}\n`;
  return { text, removedSecrets: removed(before, text) };
}

/** A stored document this build cannot read, as stored (nothing saved is lost) but for secret values. */
export function rawTemplateExport(stored: string, matcher: SecretMatcher): TemplateExport {
  const text = matcher.redact(stored);
  return { text, removedSecrets: removed(stored, text) };
}

/** What to tell the person when values were taken out. */
export function removedSecretsNote(names: readonly string[]): string {
  const one = names.length === 1;
  return `the value${one ? '' : 's'} of secret${one ? '' : 's'} ${names.join(', ')} ${one ? 'was' : 'were'} in the pipeline's params; the file holds "[secret NAME]" in ${one ? 'its' : 'their'} place, so whoever imports it puts in their own`;
}

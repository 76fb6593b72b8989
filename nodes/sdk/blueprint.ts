/**
 * Reads what an offline scaffold needs from a blueprint written in plain text or Markdown: the
 * title, one line of description, and the resources (entities) the application manages with
 * their fields. Deterministic: the same blueprint always gives the same project.
 */

export interface BlueprintResource {
  /** Plural, lower case, words joined by `-`: the URL segment (`books`, `order-items`). */
  name: string;
  singular: string;
  /** As shown to people: `Order items`. */
  label: string;
  /** snake_case field names a new record must have; may be empty. */
  fields: string[];
}

export interface Blueprint {
  title: string;
  /** A package-safe name: lower case letters, digits and `-`. */
  name: string;
  description: string;
  resources: BlueprintResource[];
  /** The database the blueprint asks for; the scaffolds that have a variant for it use it for real. */
  database?: 'postgres';
}

/** How a blueprint asks for a database: by name, or as where its records live. */
const DATABASE = /\b(?:postgres(?:ql)?|psql|(?:sql|relational) database|database)\b/i;

export const OFFLINE_STACKS = ['node-api', 'python-api', 'go-api', 'java-api', 'rust-api', 'static-site'] as const;
export type OfflineStack = (typeof OFFLINE_STACKS)[number];

/** The languages a project's commands have a sandbox for, and the offline scaffolds are in. */
export const LANGUAGES = ['node', 'python', 'go', 'java', 'rust'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language each offline scaffold is written in. */
export const STACK_LANGUAGE: Record<OfflineStack, Language> = {
  'node-api': 'node',
  'python-api': 'python',
  'go-api': 'go',
  'java-api': 'java',
  'rust-api': 'rust',
  'static-site': 'node',
};

import { languageOf } from './language-names';

export { languageOf };

const MAX_RESOURCES = 12;
const LIST_KEY = /^(resources|entities|models|collections|objects|data)\b/i;

function clean(line: string): string {
  return line
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
    .replace(/[*_`]/g, '')
    .trim();
}

export function slug(text: string, sep = '-'): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(new RegExp(`^\\${sep}+|\\${sep}+$`, 'g'), '');
}

function plural(word: string): string {
  if (/(s|x|z|ch|sh)$/.test(word)) return word.endsWith('s') && !word.endsWith('ss') ? word : `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

// Plurals in -ies whose singular ends in -ie, not -y ("movies", not "movy").
const IE_WORDS = /(?:^|-)(?:movies|cookies|pies|ties|lies|zombies|selfies|brownies|smoothies|rookies|calories|hoodies|goalies|freebies|newbies|veggies|genies|prairies|aunties|sweeties|techies|hippies|budgies|birdies|oldies)$/;

function singular(word: string): string {
  if (IE_WORDS.test(word)) return word.slice(0, -1);
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(x|z|ch|sh|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** `books (title, author)`, `Books: title, author`, `books — title and author` → a resource. */
function parseResource(item: string): BlueprintResource | undefined {
  const text = clean(item);
  const match = /^([^(:—–]+?)\s*(?:\(([^)]*)\)|[:—–]\s*(.*)|\s-\s(.*))?$/.exec(text);
  if (!match) return undefined;
  const words = slug(match[1]).split('-').filter(Boolean).slice(0, 3);
  if (!words.length || /^\d/.test(words[0])) return undefined;
  words[words.length - 1] = plural(singular(words[words.length - 1]));
  const name = words.join('-');
  const single = [...words.slice(0, -1), singular(words[words.length - 1])].join('-');
  const fieldText = match[2] ?? match[3] ?? match[4] ?? '';
  const fields = [
    ...new Set(
      fieldText
        .split(/,|\band\b|;/)
        .map((f) => slug(f.replace(/\(.*$/, ''), '_'))
        .filter((f) => /^[a-z_][a-z0-9_]*$/.test(f) && f !== 'id'),
    ),
  ];
  const label = name.replace(/-/g, ' ');
  return { name, singular: single, label: label[0].toUpperCase() + label.slice(1), fields };
}

function splitList(text: string): string[] {
  // Commas inside parentheses belong to a resource's fields.
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || ch === ';')) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  return items.flatMap((i) => (/\(/.test(i) ? [i] : i.split(/\band\b/))).map((i) => i.trim()).filter(Boolean);
}

function findResources(lines: string[]): BlueprintResource[] {
  const items: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = clean(lines[i].replace(/^#+\s*/, ''));
    if (!LIST_KEY.test(line)) continue;
    const rest = line.replace(LIST_KEY, '').replace(/^[^:]*:\s*/, '');
    if (rest && /:/.test(line)) {
      items.push(...splitList(rest));
    } else {
      // A heading or a "Resources:" line followed by a list.
      for (let j = i + 1; j < lines.length; j++) {
        const next = lines[j];
        if (/^\s*#/.test(next)) break;
        if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(next)) items.push(next);
        else if (next.trim() && items.length) break;
      }
    }
    if (items.length) break;
  }
  const seen = new Set<string>();
  const out: BlueprintResource[] = [];
  for (const item of items) {
    const r = parseResource(item);
    if (r && !seen.has(r.name)) {
      seen.add(r.name);
      out.push(r);
    }
    if (out.length >= MAX_RESOURCES) break;
  }
  return out;
}

export function parseBlueprint(text: string): Blueprint {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const heading = lines.find((l) => /^#\s+\S/.test(l));
  const keyed = lines.map((l) => /^\s*(?:title|name|app|project)\s*:\s*(.+)$/i.exec(clean(l))?.[1]).find(Boolean);
  const firstLine = lines.map(clean).find((l) => l && !LIST_KEY.test(l));
  const title = (heading ? clean(heading.replace(/^#+\s*/, '')) : (keyed ?? firstLine ?? '')).slice(0, 80).trim() || 'My app';
  const description =
    lines
      .map(clean)
      .find(
        (l) =>
          l.length > 0 &&
          l !== title &&
          !/^#/.test(l) &&
          !/^[A-Za-z ]{1,20}:/.test(l) &&
          !LIST_KEY.test(l) &&
          !lines.some((raw) => /^\s*(?:[-*+]|\d+[.)])\s+/.test(raw) && clean(raw) === l),
      ) ?? `${title}, generated by Pipewright.`;
  const resources = findResources(lines);
  return {
    title,
    name: slug(title).slice(0, 60) || 'app',
    description: description.slice(0, 300),
    resources: resources.length ? resources : [{ name: 'items', singular: 'item', label: 'Items', fields: ['name'] }],
    ...(DATABASE.test(text) ? { database: 'postgres' as const } : {}),
  };
}

/** The scaffold a blueprint asks for when the node names none (a language it names without a scaffold: see languageOf). */
export function guessStack(text: string): OfflineStack {
  const t = text.toLowerCase();
  const named = languageOf(text);
  if (named && 'language' in named && named.language !== 'node') return `${named.language}-api`;
  if (/\b(static (web)?site|landing page|website|web site|home ?page|portfolio|brochure)\b/.test(t) && !/\b(rest|api|crud|backend)\b/.test(t)) {
    return 'static-site';
  }
  return 'node-api';
}

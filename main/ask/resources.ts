import { parseBlueprint, slug } from '../../nodes/sdk/blueprint';

/** A resource the request names: a plural (the URL segment) and the fields a new record must have. */
export interface NamedResource {
  name: string;
  fields: string[];
}

// Words that come between a verb and what it keeps: "logs our runs", "a list of all the books".
const DETERMINER = /^(?:our|their|my|your|the|its|his|her|all|some|of|and|a|an|many|lots|any|every|each)$/i;

// Verbs (and "for", "with") after which the app's records are named: "where my club logs our
// runs", "to track expenses", "for library books", "with items that have a name".
const VERBS =
  /\b(?:log|logs|logging|track|tracks|tracking|keeps? track of|keeping track of|keep|keeps|keeping|store|stores|storing|manage|manages|managing|record|records|recording|list|lists|listing|save|saves|saving|collect|collects|share|shares|sharing|sell|sells|selling|organi[sz]e|organi[sz]es|catalog(?:ue)?s?|post|posts|posting|publish|publishes|upload|uploads|add|adds|schedule|schedules|create|creates|order|orders|rent|rents|borrow|borrows|lend|lends|follow|follows|rate|rates|browse|browses|find|finds|for|with|has|have|having|handles?|holds?|contains?)\s+/gi;

const NOT_RESOURCES = new Set([
  'app', 'apps', 'application', 'service', 'services', 'api', 'apis', 'site', 'website', 'page', 'pages', 'data',
  'things', 'stuff', 'people', 'everything', 'which', 'that', 'this', 'them', 'what', 'when', 'where', 'with', 'from',
  'node', 'python', 'java', 'rust', 'golang', 'typescript', 'javascript', 'docker', 'git', 'code', 'database', 'repository',
  'little', 'small', 'simple', 'tiny', 'rest', 'web', 'backend', 'frontend', 'free', 'fun', 'use', 'using',
  // Verbs that look like plurals, when one follows another ("logs and tracks runs", "and sends emails").
  'logs', 'tracks', 'keeps', 'stores', 'manages', 'records', 'lists', 'saves', 'collects', 'shares', 'sells', 'catalogs', 'catalogues',
  'publishes', 'uploads', 'adds', 'schedules', 'creates', 'rents', 'borrows', 'lends', 'follows', 'browses', 'finds', 'has', 'does', 'goes', 'was', 'is', 'sends', 'lets', 'allows', 'shows',
  'gives', 'makes', 'needs', 'wants', 'uses', 'works', 'helps', 'includes', 'supports', 'returns', 'exposes', 'serves', 'handles',
  'holds', 'contains',
  // What an app is built with, not what it keeps.
  'tests', 'endpoints', 'routes', 'features', 'fields', 'containers', 'images', 'ports', 'tables', 'requests', 'details',
  'options', 'settings', 'lots', 'days', 'weeks', 'months', 'years', 'hours', 'minutes', 'times', 'ones', 'others', 'yes',
  'languages', 'frameworks', 'dependencies', 'instructions', 'words', 'sites', 'websites', 'postgres', 'kubernetes',
  'jenkins', 'rails', 'actions',
]);

// A field named like a wish is one ("with a VS Code workspace", "with a database"), not a column.
const NOT_FIELD = /(?:^|_)(?:vs|code|workspace|database|db|postgres(?:ql)?|mysql|sqlite|mongo(?:db)?|redis|docker|git|github|gitlab|repo|repository|tests?|routes?|endpoints?|pages?|ui|frontend|backend|api|rest|deploy(?:ment)?|it|them|me|us|please|also|then)(?:_|$)/;

// Where a "with …" list of fields ends: a sentence's end, or a clause that asks for something else.
const FIELDS_END =
  /[.;:()!?/]|,\s*(?:and\s+)?(?:push|open|deploy|in|use|using|with|also|then|don|do|no|keep|store|save|plus|it|please|written|built|on)\b|\s+(?:in|using|written|built|on)\s|\s+and\s+(?:then|push|open|deploy|also|use|keep|store|save|it|make|give|let|send|show)\b/i;

/** `runs`, `classes`, `categories`: a plural noun that could name what an app keeps. */
function isResource(word: string): boolean {
  const w = word.toLowerCase();
  return w.length > 2 && /^[a-z-]+s$/.test(w) && !/(?:ss|us|is|ous)$/.test(w) && !NOT_RESOURCES.has(w) && !DETERMINER.test(w);
}

function plural(word: string): string {
  if (/s$/.test(word)) return word;
  if (/(x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** `title, author and due date` → `title`, `author`, `due_date`: what a new record must have. */
export function fieldsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/,|\band\b|;|&/)
        .map((f) => slug(f.replace(/\b(?:a|an|the|their|its|fields?|attributes?|properties)\b/gi, ''), '_'))
        .filter((f) => /^[a-z_][a-z0-9_]*$/.test(f) && f !== 'id' && f.split('_').length <= 3 && !NOT_FIELD.test(f)),
    ),
  ];
}

/** The fields written right after a resource: `books (title, author)`, `items that have a name, sku and quantity`. */
function fieldsAfter(text: string): { fields: string[]; length: number } {
  const paren = /^\s*\(([^)]{0,300})\)/.exec(text);
  if (paren) return { fields: fieldsOf(paren[1]), length: paren[0].length };
  const lead = /^\s+(?:with|having|ha(?:ve|s)|(?:that|which|who|each)\s+(?:ha(?:ve|s)|holds?|contains?|with))\s+/i.exec(text);
  if (!lead) return { fields: [], length: 0 };
  // A bounded look: a list of fields is short, and a long request must not cost a scan per word.
  const rest = text.slice(lead[0].length, lead[0].length + 300);
  const end = FIELDS_END.exec(rest)?.index ?? rest.length;
  const fields = fieldsOf(rest.slice(0, end));
  return fields.length ? { fields, length: lead[0].length + end } : { fields: [], length: 0 };
}

/** The word at the start of `text` after any determiners, and where it ends. */
function wordAt(text: string, from: number): { word: string; start: number; end: number } | undefined {
  const re = /([a-z][a-z'’-]*)/iy;
  let at = from;
  for (let i = 0; i < 6; i++) {
    while (/\s/.test(text[at] ?? '')) at++;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    if (!DETERMINER.test(m[1])) return { word: m[1].toLowerCase(), start: at, end: at + m[1].length };
    at += m[1].length;
  }
  return undefined;
}

/**
 * The resources a request names in plain words: listed ("resources: books (title), members"),
 * kept by a verb ("logs our runs", "for library books", "manages employees, departments and
 * projects"), with fields in parentheses or after "with"/"that have", a plural with its fields
 * anywhere ("members (name, email)"), what belongs to someone ("my club's books") and what a
 * tracker or list is of ("an expense tracker", "a todo list").
 */
export function resourcesOf(text: string): NamedResource[] {
  const found = new Map<string, { at: number; fields: string[] }>();
  const add = (name: string, at: number, fields: string[]) => {
    const known = found.get(name);
    if (!known) found.set(name, { at, fields });
    else if (!known.fields.length && fields.length) known.fields = fields;
  };
  // A blueprint (the open pipeline's) lists them under a heading.
  if (/^#+\s*(?:resources|entities|collections)\b/im.test(text)) {
    for (const r of parseBlueprint(text).resources) add(r.name, -1, r.fields);
  }
  const listed = /\b(?:resources|entities|collections)\s*:\s*([^\n]{0,2000})/i.exec(text);
  if (listed) {
    for (const m of listed[1].matchAll(/([a-z][a-z -]*?)\s*(?:\(([^)]*)\))?\s*(?:,|;|\band\b|$)/gi)) {
      const name = slug(m[1] ?? '', '-');
      if (name && !NOT_RESOURCES.has(name)) add(name, listed.index, fieldsOf(m[2] ?? ''));
    }
  }
  /** The resource at `from` (one word may qualify it: "library books"), its fields, and the ones listed after it. */
  const readFrom = (from: number) => {
    const first = wordAt(text, from);
    if (!first) return;
    let noun = first;
    if (!isResource(first.word)) {
      const second = wordAt(text, first.end);
      if (!second || !isResource(second.word) || DETERMINER.test(first.word) || /[.,;:]/.test(text.slice(first.end, second.start))) return;
      noun = second;
    }
    let at = noun.end;
    for (let n = 0; n < 8; n++) {
      const { fields, length } = fieldsAfter(text.slice(at, at + 400));
      add(noun.word, noun.start, fields);
      at += length;
      // "customers and orders", "employees, departments and projects"; a verb ends the list ("and sends emails").
      const joint = /^\s*(?:,\s*(?:and\s+|&\s+|or\s+)?|\s+(?:and|&|or)\s+)/i.exec(text.slice(at, at + 20));
      if (!joint) return;
      const next = wordAt(text, at + joint[0].length);
      if (!next || !isResource(next.word)) return;
      const after = wordAt(text, next.end);
      if (after && isResource(after.word) && /^\s+$/.test(text.slice(next.end, after.start))) return;
      noun = next;
      at = next.end;
    }
  };
  for (const m of text.matchAll(VERBS)) {
    // "students have a name and email": what a resource has are its fields, not more resources.
    const before = /([a-z][a-z-]*)\s*$/i.exec(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index))?.[1];
    if (/^(?:has|have|having|with|holds?|contains?)\s/i.test(m[0]) && before && isResource(before)) continue;
    readFrom((m.index ?? 0) + m[0].length);
  }
  // A sentence of its own: "Students have a name and email; courses have a title and credits".
  for (const m of text.matchAll(/\b([a-z][a-z-]{2,})\s+(?:ha(?:ve|s)|hold|holds|contain|contains)\s/gi)) if (isResource(m[1])) readFrom(m.index ?? 0);
  // Any plural with its fields in parentheses: "a library: books (title, author) and members (name, email)".
  for (const m of text.matchAll(/\b([a-z][a-z-]{2,})\s*\(/gi)) if (isResource(m[1])) readFrom(m.index ?? 0);
  // "for my book club's books": what belongs to someone is what the app keeps.
  for (const m of text.matchAll(/\b[a-z]+['’]s\s+([a-z][a-z-]{2,})\b/gi)) {
    if (isResource(m[1])) add(m[1].toLowerCase(), m.index ?? 0, []);
  }
  // "an expense tracker", "a bookmark manager", "a todo list": what it tracks or lists, when nothing else says.
  const named = found.size > 0;
  for (const m of named ? [] : text.matchAll(/\b(to-?do|[a-z][a-z-]{2,})[\s-]+(?:tracker|manager|list|log|logger|catalog(?:ue)?|organi[sz]er|planner|journal|diary|registry|directory|keeper|board)\b/gi)) {
    const word = m[1].toLowerCase().replace(/^to-?do$/, 'todo');
    if (/ing$/.test(word) || DETERMINER.test(word) || NOT_RESOURCES.has(word) || NOT_RESOURCES.has(plural(word))) continue;
    add(plural(word), m.index ?? 0, word === 'todo' ? ['title'] : []);
  }
  if (!found.size && /\bto-?dos?\b/i.test(text)) add('todos', 0, ['title']);
  return [...found]
    .sort((a, b) => a[1].at - b[1].at)
    .slice(0, 8)
    .map(([name, { fields }]) => ({ name, fields }));
}

import { guessStack, languageOf, parseBlueprint, slug, type OfflineStack } from '../../nodes/sdk/blueprint';

/** What the planner without a model reads from a request in plain words. */
export interface AskIntent {
  title: string;
  /** One line saying what the app is for: the request itself, tidied. */
  purpose: string;
  stack: OfflineStack;
  /** False when the request names no language or kind of site, so the stack is a default. */
  stackNamed: boolean;
  /** A language the offline scaffolds do not have (Ruby, PHP…), named in the request. */
  unsupported?: string;
  /** `runs (date, distance)`: plural names and their fields, as the blueprint writes them. */
  resources: { name: string; fields: string[] }[];
  database: boolean;
  git: boolean;
  /** Where to push: a URL or a path named in the request. */
  remote?: string;
  /** "push" without saying where: the one thing worth asking about. */
  pushWithoutRemote: boolean;
  vscode: boolean;
  deploy: boolean;
}

// Verbs that say what an app keeps: "where my club logs our runs", "to track expenses".
const KEEPS =
  /\b(?:log|logs|logging|track|tracks|tracking|keep|keeps|keeping|store|stores|storing|manage|manages|managing|record|records|recording|list|lists|listing|save|saves|saving|collect|collects|share|shares|sharing|sell|sells|selling|organi[sz]e|organi[sz]es|catalog(?:ue)?s?|for)\s+(?:(?:our|their|my|your|the|its|his|her|all|some|of|and|a|an)\s+)*([a-z][a-z-]{2,})/gi;

const NOT_RESOURCES = new Set([
  'app', 'apps', 'application', 'service', 'services', 'api', 'apis', 'site', 'website', 'page', 'pages', 'data',
  'things', 'stuff', 'people', 'everything', 'which', 'that', 'this', 'them', 'what', 'when', 'where', 'with', 'from',
  'node', 'python', 'java', 'rust', 'golang', 'typescript', 'javascript', 'docker', 'git', 'code', 'database', 'repository',
  'little', 'small', 'simple', 'tiny', 'rest', 'web', 'backend', 'frontend', 'free', 'fun', 'use', 'using',
  // The verbs themselves, when two follow each other ("logs and tracks runs").
  'logs', 'tracks', 'keeps', 'stores', 'manages', 'records', 'lists', 'saves', 'collects', 'shares', 'sells', 'catalogs', 'catalogues',
]);

const REMOTE = /\b((?:https?:\/\/|git@|ssh:\/\/)[^\s'"<>]+|file:\/\/[^\s'"<>]+)/i;

/** Reads a request such as "a little service where my running club logs our runs, in Node". */
export function readRequest(text: string, name?: string): AskIntent {
  const lower = text.toLowerCase();
  const named = languageOf(text);
  const site = /\b(static (web)?site|landing page|website|web site|home ?page|portfolio|brochure|blog)\b/.test(lower) && !/\b(rest|api|crud|backend)\b/.test(lower);
  const stack: OfflineStack = site && !(named && 'language' in named && named.language !== 'node') ? 'static-site' : guessStack(text);
  const remote = (REMOTE.exec(text)?.[1] ?? /(?:^|\s)(\/[\w./-]+)/.exec(text)?.[1])?.replace(/[.,;)]+$/, '');
  const push = /\bpush(?:es|ed|ing)?\b/.test(lower);
  const git = push || !!remote || /\b(git|repo|repository|commit)\b/.test(lower);
  return {
    title: titleOf(name ?? text),
    purpose: /^#\s/m.test(text) ? parseBlueprint(text).description : sentence(text),
    stack,
    stackNamed: site || (named !== undefined && 'language' in named),
    ...(named && 'unsupported' in named ? { unsupported: named.unsupported } : {}),
    resources: stack === 'static-site' ? [] : resourcesOf(text),
    database: /\b(database|db|postgres(?:ql)?|mysql|sqlite|mongo(?:db)?|redis)\b/.test(lower),
    git,
    ...(remote ? { remote } : {}),
    pushWithoutRemote: push && !remote,
    vscode: /\b(vs ?code|visual studio code|code-server|workspace|editor|ide)\b/.test(lower),
    deploy: !/\b(?:no|without|don'?t|do not)\s+(?:deploy|deployment|run(?:ning)? it)\b/.test(lower),
  };
}

function sentence(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const cut = one.length > 280 ? `${one.slice(0, 277)}…` : one;
  return cut[0].toUpperCase() + cut.slice(1).replace(/([^.!?…])$/, '$1.');
}

/** "a little service where my running club logs our runs" → "Running club runs". */
function titleOf(text: string): string {
  const heading = /^#\s+(.+)$/m.exec(text)?.[1];
  if (heading) return capital(heading.trim().slice(0, 60));
  const explicit = /\b(?:called|named)\s+["“']?([\w][\w .-]{1,40}?)["”']?(?=[,.;]|\s+(?:in|with|that|where|for)\b|$)/i.exec(text)?.[1];
  if (explicit) return capital(explicit.trim());
  const words = slug(text.replace(REMOTE, ''), ' ')
    .split(' ')
    .filter((w) => w.length > 2 && !STOP.has(w))
    .slice(0, 4);
  return capital(words.join(' ') || 'My app');
}

const STOP = new Set([
  'the', 'and', 'for', 'with', 'where', 'that', 'which', 'who', 'our', 'their', 'my', 'your', 'little', 'small', 'simple',
  'tiny', 'want', 'need', 'would', 'like', 'please', 'make', 'build', 'create', 'write', 'can', 'app', 'application',
  'service', 'api', 'rest', 'node', 'nodejs', 'python', 'java', 'rust', 'golang', 'typescript', 'javascript', 'using',
  'also', 'push', 'deploy', 'into', 'from', 'them', 'its', 'has', 'have', 'some', 'all', 'logs', 'keeps', 'tracks',
  'stores', 'manages', 'records', 'lists', 'static', 'site', 'website', 'page', 'web', 'github', 'git', 'repo',
  'repository', 'code', 'database', 'let', 'lets', 'let’s', 'just',
]);

function capital(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

/** Resources named outright ("resources: books (title, author)") or kept by a verb ("logs our runs"). */
function resourcesOf(text: string): { name: string; fields: string[] }[] {
  const found = new Map<string, string[]>();
  // A blueprint (the open pipeline's) lists them under a heading.
  if (/^#+\s*(?:resources|entities|collections)\b/im.test(text)) {
    for (const r of parseBlueprint(text).resources) found.set(r.name, r.fields);
  }
  const listed = /\b(?:resources|entities|collections)\s*:\s*([^\n]+)/i.exec(text)?.[1];
  if (listed) {
    for (const m of listed.matchAll(/([a-z][a-z -]*?)\s*(?:\(([^)]*)\))?\s*(?:,|;|\band\b|$)/gi)) {
      const name = slug(m[1] ?? '', '-');
      if (name && !NOT_RESOURCES.has(name)) found.set(name, fieldsOf(m[2] ?? ''));
    }
  }
  for (const m of text.matchAll(KEEPS)) {
    const word = m[1].toLowerCase();
    // Only plurals name what an app keeps; "for fun" or "track progress" do not.
    if (NOT_RESOURCES.has(word) || !/[^s]s$/.test(word) || found.has(word)) continue;
    const after = text.slice((m.index ?? 0) + m[0].length);
    const withFields = /^\s*\(([^)]*)\)|^\s+with\s+(?:a |an |the |their |its )?([a-z_ ,]+?)(?=[.;]|\s+(?:in|and then|using)\b|$)/i.exec(after);
    found.set(word, fieldsOf(withFields?.[1] ?? withFields?.[2] ?? ''));
  }
  // "for my book club's books": what belongs to someone is what the app keeps.
  for (const m of text.matchAll(/\b[a-z]+['’]s\s+([a-z][a-z-]{2,})\b/gi)) {
    const word = m[1].toLowerCase();
    if (NOT_RESOURCES.has(word) || !/[^s]s$/.test(word) || found.has(word)) continue;
    found.set(word, []);
  }
  return [...found].slice(0, 8).map(([name, fields]) => ({ name, fields }));
}

function fieldsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/,|\band\b|;/)
        .map((f) => slug(f.replace(/\b(?:a|an|the|their|its)\b/gi, ''), '_'))
        .filter((f) => /^[a-z_][a-z0-9_]*$/.test(f) && f !== 'id'),
    ),
  ];
}

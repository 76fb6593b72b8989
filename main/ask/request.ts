import { guessStack, languageOf, parseBlueprint, slug, type OfflineStack } from '../../nodes/sdk/blueprint';
import { resourcesOf } from './resources';

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
  /** Names no language, kind of app or record ("hello", "asdf"): worth asking what the app should do. */
  vague: boolean;
}

// Words that say what kind of thing is wanted, so a request holding one is not vague.
const APP_WORDS =
  /\b(?:apps?|applications?|apis?|services?|microservices?|servers?|backends?|frontends?|sites?|websites?|pages?|tools?|tracker|manager|system|platform|program|bot|dashboard|portal|shop|store|blog|crud|rest|catalog(?:ue)?|inventory|planner|journal|diary|registry|directory|board|game|web|to-?dos?|list)\b/i;

const REMOTE = /\b((?:https?:\/\/|git@|ssh:\/\/)[^\s'"<>]+|file:\/\/[^\s'"<>]+)/i;

/** Reads a request such as "a little service where my running club logs our runs, in Node". */
export function readRequest(text: string, name?: string): AskIntent {
  const lower = text.toLowerCase();
  // "instead of Node, use Go": the language left behind is not the one asked for.
  const wanted = text.replace(/\b(?:instead of|rather than)\s+(?:in\s+)?[\w.#+]+/gi, ' ');
  const named = languageOf(wanted);
  const site = /\b(static (web)?site|landing page|website|web site|home ?page|portfolio|brochure|blog)\b/.test(lower) && !/\b(rest|api|crud|backend)\b/.test(lower);
  const stack: OfflineStack = site && !(named && 'language' in named && named.language !== 'node') ? 'static-site' : guessStack(wanted);
  const push = /\bpush(?:es|ed|ing)?\b/.test(lower);
  const git = push || /\b(git|repo|repository|commit)\b/.test(lower);
  const remote = remoteOf(text, git);
  const resources = stack === 'static-site' ? [] : resourcesOf(text);
  return {
    title: titleOf(name ?? text),
    purpose: /^#\s/m.test(text) ? parseBlueprint(text).description : sentence(text),
    stack,
    stackNamed: site || (named !== undefined && 'language' in named),
    ...(named && 'unsupported' in named ? { unsupported: named.unsupported } : {}),
    resources,
    database: /\b(database|db|postgres(?:ql)?|mysql|sqlite|mongo(?:db)?|redis)\b/.test(lower),
    git: git || !!remote,
    ...(remote ? { remote } : {}),
    pushWithoutRemote: push && !remote,
    vscode: /\b(vs ?code|visual studio code|code-server|workspace|editor|ide)\b/.test(lower),
    deploy: !/\b(?:no|without|don'?t|do not)\s+(?:deploy|deployment|run(?:ning)? it)\b/.test(lower),
    vague: !site && !named && !resources.length && !APP_WORDS.test(text.replace(REMOTE, '')) && !/^#\s/m.test(text),
  };
}

/**
 * Where to push: a git URL (`git@…`, `ssh://`, `file://`, one ending in `.git`), or — when the
 * request speaks of pushing or a repository — any URL or absolute path. A page to link to or a
 * route such as `/books` is not a place to push.
 */
function remoteOf(text: string, git: boolean): string | undefined {
  const tidy = (s: string | undefined) => s?.replace(/[.,;:)!?'"]+$/, '');
  // A message that is only a place (the answer to "where should I push?") names where to push.
  const alone = /^\s*["'`]?((?:https?:\/\/|git@|ssh:\/\/|file:\/\/)\S+|\/[\w./-]+)["'`]?\s*$/.exec(text)?.[1];
  if (alone) return tidy(alone);
  const url = tidy(REMOTE.exec(text)?.[1]);
  if (url && (git || /^(?:git@|ssh:|file:)|\.git\/?$/i.test(url))) return url;
  if (!git) return undefined;
  return tidy(/\b(?:push(?:es|ed|ing)?|repo(?:sitory)?|remote|git)\b[^/\n]{0,40}?(?:^|\s)(\/[\w./-]+)/i.exec(text)?.[1]);
}

function sentence(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const cut = one.length > 280 ? `${one.slice(0, 277)}…` : one;
  return cut[0].toUpperCase() + cut.slice(1).replace(/([^.!?…])$/, '$1.');
}

/** "a little service where my running club logs our runs, in Node" → "Running club runs". */
function titleOf(text: string): string {
  const heading = /^#\s+(.+)$/m.exec(text)?.[1];
  if (heading) return capital(heading.trim().slice(0, 60));
  const explicit = /\b(?:called|named)\s+["“']?([\w][\w .-]{1,40}?)["”']?(?=[,.;]|\s+(?:in|with|that|where|for)\b|$)/i.exec(text)?.[1];
  if (explicit) return capital(explicit.trim());
  const wordsOf = (part: string) =>
    slug(part.replace(REMOTE, ''), ' ')
      .split(' ')
      .filter((w) => w.length > 2 && !STOP.has(w))
      .slice(0, 4);
  // The app is named before its fields and its wishes: "movies with title and year, push it to …".
  const plain = text.replace(REMOTE, '').replace(/(?:^|\s)\/[\w./-]+/g, ' ');
  const end = TITLE_END.exec(plain)?.index;
  const named = end ? wordsOf(plain.slice(0, end)) : [];
  const words = (named.length ? named : wordsOf(plain)).join(' ').slice(0, 60).trim();
  return capital(words || 'My app');
}

const TITLE_END =
  /[(:;.!?]\s|[(:;]|\s+with\s|\s+(?:that|which)\s+ha(?:ve|s)\s|,\s*(?:and\s+)?(?:push|open|deploy|in|use|using|don|do|no|also|then|with|please|written|built|on|keep|store|save)\b|\s+and\s+(?:push|open|deploy|keep|store|save)\b/i;

const STOP = new Set([
  'the', 'and', 'for', 'with', 'where', 'that', 'which', 'who', 'our', 'their', 'my', 'your', 'little', 'small', 'simple',
  'tiny', 'want', 'need', 'would', 'like', 'please', 'make', 'build', 'create', 'write', 'can', 'app', 'application',
  'service', 'api', 'rest', 'node', 'nodejs', 'python', 'java', 'rust', 'golang', 'typescript', 'javascript', 'using',
  'also', 'push', 'deploy', 'into', 'from', 'them', 'its', 'has', 'have', 'some', 'all', 'logs', 'keeps', 'tracks',
  'stores', 'manages', 'records', 'lists', 'static', 'site', 'website', 'page', 'web', 'github', 'git', 'repo',
  'repository', 'code', 'database', 'let', 'lets', 'let’s', 'just', 'don', 'dont', 'doesn', 'won', 'open', 'hey',
  'microservice', 'server', 'backend', 'frontend', 'express', 'flask', 'django', 'fastapi', 'spring', 'boot', 'postgres',
  'postgresql', 'mysql', 'sqlite', 'docker', 'java', 'go', 'there', 'thanks', 'thank', 'you', 'thing', 'something',
  'keep', 'track', 'store', 'manage', 'save', 'when', 'they', 'were', 'was', 'are', 'been', 'what', 'how', 'will',
  'should', 'could', 'then', 'than', 'this', 'these', 'those', 'each', 'every', 'about', 'over', 'after', 'before',
  'while', 'here', 'need', 'needs', 'get', 'gets',
]);

function capital(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

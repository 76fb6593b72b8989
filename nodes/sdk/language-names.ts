import type { Language } from './blueprint';

/**
 * How blueprints name programming languages, the five Pipewright has a sandbox and a scaffold
 * for and the others, which are refused by name rather than swapped for one of the five.
 *
 * `names` are words that mean the language wherever they appear (`golang`, `FastAPI`).
 * `ambiguous` are also ordinary words (`go`, `swift`, `crystal`, `spring`): they count only
 * where the text plainly speaks of a stack — "in Go", "using Swift", "Crystal API".
 */
interface LanguageNames {
  found: { language: Language } | { unsupported: string };
  names: string[];
  ambiguous?: string[];
}

const LANGUAGE_NAMES: LanguageNames[] = [
  { found: { language: 'python' }, names: ['python', 'flask', 'fastapi', 'django'] },
  { found: { language: 'go' }, names: ['golang'], ambiguous: ['go', 'gin', 'echo', 'fiber'] },
  { found: { language: 'java' }, names: ['java', 'spring boot', 'maven', 'jdk', 'quarkus', 'micronaut', 'jakarta ee'], ambiguous: ['spring'] },
  { found: { language: 'rust' }, names: ['rust', 'actix', 'axum', 'tokio'], ambiguous: ['rocket', 'warp', 'hyper', 'cargo'] },
  {
    found: { language: 'node' },
    names: ['node', 'nodejs', 'node\\.js', 'javascript', 'typescript', 'express', 'npm', 'nestjs', 'fastify', 'deno'],
    ambiguous: ['bun', 'koa'],
  },
  { found: { unsupported: 'Ruby' }, names: ['ruby on rails'], ambiguous: ['ruby', 'rails', 'sinatra'] },
  { found: { unsupported: 'PHP' }, names: ['php', 'laravel', 'symfony'] },
  { found: { unsupported: 'C#/.NET' }, names: ['c#', '\\.net', 'dotnet', 'asp\\.net'] },
  { found: { unsupported: 'F#' }, names: ['f#'] },
  { found: { unsupported: 'Kotlin' }, names: ['kotlin', 'ktor'] },
  { found: { unsupported: 'Scala' }, names: ['scala'] },
  { found: { unsupported: 'Elixir' }, names: [], ambiguous: ['elixir', 'phoenix'] },
  { found: { unsupported: 'Haskell' }, names: ['haskell'] },
  { found: { unsupported: 'C++' }, names: ['c\\+\\+', 'cpp'] },
  // Not the drive of a Windows path ("kept in C:\\data").
  { found: { unsupported: 'C' }, names: [], ambiguous: ['c(?![:\\\\/])'] },
  { found: { unsupported: 'Dart' }, names: ['flutter'], ambiguous: ['dart'] },
  { found: { unsupported: 'Swift' }, names: [], ambiguous: ['swift', 'vapor'] },
  { found: { unsupported: 'Objective-C' }, names: ['objective-c'] },
  { found: { unsupported: 'Perl' }, names: ['perl'] },
  { found: { unsupported: 'Lua' }, names: ['lua'] },
  { found: { unsupported: 'Clojure' }, names: ['clojure'] },
  { found: { unsupported: 'Erlang' }, names: ['erlang'] },
  { found: { unsupported: 'OCaml' }, names: ['ocaml'] },
  { found: { unsupported: 'Zig' }, names: [], ambiguous: ['zig'] },
  { found: { unsupported: 'Crystal' }, names: [], ambiguous: ['crystal'] },
  { found: { unsupported: 'Nim' }, names: [], ambiguous: ['nim'] },
  { found: { unsupported: 'Julia' }, names: [], ambiguous: ['julia'] },
  { found: { unsupported: 'Groovy' }, names: ['grails'], ambiguous: ['groovy'] },
  { found: { unsupported: 'COBOL' }, names: ['cobol'] },
  { found: { unsupported: 'Fortran' }, names: ['fortran'] },
  { found: { unsupported: 'Visual Basic' }, names: ['visual basic', 'vb\\.net'] },
];

// A name is a word of its own: not inside another word, and `java` not the start of `javascript`.
const word = (name: string) => `(?<![\\w.#+-])(?:${name})(?![\\w#+]|\\.\\w)`;

/** "in Go", "written in Rust", "using Swift", "use Go instead", "switch to Go", "stack: Kotlin", "built with Flask", "(Go)"; a bare "with" is too common. */
const SAYS_STACK = '(?:\\b(?:in|using|use|switch(?:ed)? to|(?:written|built|made|coded) (?:in|with|on)|runs? on|language\\s*[:=]?|stack\\s*[:=]?|framework\\s*[:=]?)[ \\t]+(?:the[ \\t]+)?|\\()';
/** "Go REST API", "Swift app", "Crystal web server": the name right before what is built. */
const BUILDS = '(?=[ \\t-]+(?:(?:rest|web|http|json|crud)[ \\t-]+)?(?:apis?|services?|servers?|backends?|apps?|applications?|microservices?|projects?|programs?|modules?|framework)\\b)';

interface Pattern {
  found: LanguageNames['found'];
  strength: number;
  pattern: RegExp;
}

/** Strongest first: said as the stack (3), named before what is built (2), named anywhere (1). */
function patterns(everyNameCounts: boolean): Pattern[] {
  return LANGUAGE_NAMES.flatMap(({ found, names, ambiguous = [] }) => {
    const all = [...names, ...ambiguous].join('|');
    const anywhere = everyNameCounts ? all : names.join('|');
    return [
      { found, strength: 3, pattern: new RegExp(`${SAYS_STACK}${word(all)}`, 'i') },
      { found, strength: 2, pattern: new RegExp(`${word(all)}${BUILDS}`, 'i') },
      ...(anywhere ? [{ found, strength: 1, pattern: new RegExp(word(anywhere), 'i') }] : []),
    ];
  });
}

const IN_BLUEPRINTS = patterns(false);
const ALONE = patterns(true);

/**
 * The language a text names, a language it names that Pipewright has no sandbox for, or nothing
 * when it names none. Where it names several, the most plainly said wins ("a Java Beans café
 * API in Go" is Go), then the first. `alone`: the text is only the name of a stack (the code
 * generator's stack param, "Go"), so ordinary words count as names too.
 */
export function languageOf(text: string, { alone = false } = {}): LanguageNames['found'] | undefined {
  let best: { strength: number; at: number; found: LanguageNames['found'] } | undefined;
  for (const { found, strength, pattern } of alone ? ALONE : IN_BLUEPRINTS) {
    const at = text.search(pattern);
    if (at < 0) continue;
    if (!best || strength > best.strength || (strength === best.strength && at < best.at)) best = { strength, at, found };
  }
  return best?.found;
}

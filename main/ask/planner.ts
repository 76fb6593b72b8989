import { definitionsByKind } from '../../nodes/definitions';
import type { Edge, NodeInstance, Pipeline } from '../../nodes/sdk';
import { slug, STACK_LANGUAGE, type OfflineStack } from '../../nodes/sdk/blueprint';
import type { AskStep } from '../../preload/contract';
import { editOpenPipeline, generatorOf } from './edit';
import { readRequest, type AskIntent } from './request';

/** What a planner proposes, before it is compared with the open pipeline. */
export interface Proposal {
  summary: string;
  steps: AskStep[];
  draft: Pipeline;
  usedModel: boolean;
  note?: string;
}

export type PlannerAnswer = { kind: 'question'; text: string } | { kind: 'proposal'; proposal: Proposal };

export interface PlannerRequest {
  /** Every user message of the conversation so far, oldest first; the last one is new. */
  messages: string[];
  /** The open pipeline a request changes ("also push it", "use Python instead"). */
  base?: Pipeline;
  /** The project's name when it is given (`--project`). */
  name?: string;
  /** Questions already asked in this conversation: never the same one twice. */
  asked: number;
  /** The engine's validator: a change made to the open pipeline must pass it. */
  validate?: (doc: Pipeline) => { message: string }[];
}

const STACK_WORDS: Record<OfflineStack, string> = {
  'node-api': 'a Node.js REST API',
  'python-api': 'a Python REST API',
  'go-api': 'a Go REST API',
  'java-api': 'a Java REST API',
  'rust-api': 'a Rust REST API',
  'static-site': 'a static web site',
};

/** Stacks whose scaffold has a PostgreSQL variant. */
const DATABASE_STACKS = new Set<OfflineStack>(['node-api', 'python-api']);

/** At most this many clarifying questions in one conversation; defaults after that. */
export const MAX_QUESTIONS = 2;

/**
 * The planner without a model: reads the conversation's words, asks about a push with no place
 * to push to (the one gap a default cannot fill), and composes the pipeline from the kinds that
 * exist — a blueprint, the offline code generator, a repository, a deployment, a workspace.
 */
export function planWithoutModel(request: PlannerRequest): PlannerAnswer {
  // In the editor the open pipeline is the description; the chat's words change it.
  const brief = request.base ? describePipeline(request.base) : undefined;
  const intent = readConversation(brief ? [brief, ...request.messages] : request.messages, request.name);
  if (intent.vague && request.asked < MAX_QUESTIONS) {
    return {
      kind: 'question',
      text: 'What should the app do? Say what it keeps and, if it matters, the language — for example "a Python API where our book club keeps books (title, author)" or "a landing page for my bakery".',
    };
  }
  if (intent.pushWithoutRemote && request.asked < MAX_QUESTIONS) {
    return {
      kind: 'question',
      text: 'Where should I push the code? Give the repository URL (https://… or git@…) or a folder on this machine, or say "no push" to keep it in a local repository.',
    };
  }
  if (intent.unsupported && request.asked < MAX_QUESTIONS) {
    return {
      kind: 'question',
      text: `Without a model I can write Node, Python, Go, Java and Rust APIs and static sites, not ${intent.unsupported}. Which of those should I use? (With a model configured — pipewright endpoint add — I could try ${intent.unsupported}.)`,
    };
  }
  const proposal = compose(intent, request.base);
  if (request.base) editInPlace(proposal, request.base, brief, intent, request.validate);
  return { kind: 'proposal', proposal };
}

/**
 * A change to the open pipeline is made to it, not to a fresh one: the person's own nodes and
 * params stay (see editOpenPipeline). Should that edit not validate, the plan is the pipeline
 * composed afresh, and the note says what it leaves out.
 */
function editInPlace(proposal: Proposal, base: Pipeline, brief: string | undefined, intent: AskIntent, validate?: (doc: Pipeline) => { message: string }[]): void {
  const beforeIntent = brief ? readConversation([brief]) : undefined;
  // Both readings as the planner writes them (its labels, not the person's): the difference is the change.
  const before = beforeIntent ? compose(beforeIntent, undefined).draft : undefined;
  const edited = editOpenPipeline(base, before, compose(intent, undefined).draft, { ...(beforeIntent ? { before: beforeIntent } : {}), after: intent });
  const named = (n: NodeInstance) => `${n.label ?? n.id} (${definitionsByKind.get(n.kind)?.title ?? n.kind})`;
  if (validate && validate(edited.draft).length) {
    const lost = edited.kept.map(named);
    if (lost.length) proposal.note = `${proposal.note ?? ''} The change could not keep ${lost.join(', ')} wired in, so this plan leaves ${lost.length > 1 ? 'them' : 'it'} out.`.trim();
    return;
  }
  proposal.draft = edited.draft;
  if (edited.kept.length) proposal.note = `${proposal.note ?? ''} Left as ${edited.kept.length > 1 ? 'they were' : 'it was'}: ${edited.kept.map(named).join(', ')}.`.trim();
  // A step of the person's that runs one language's tools on code now in another will fail: said before Confirm.
  if (beforeIntent && beforeIntent.stack !== intent.stack) {
    const language = STACK_LANGUAGE[intent.stack];
    for (const n of edited.kept) {
      const command = typeof n.params.command === 'string' ? n.params.command : '';
      const tool = TOOLS.find(([lang, re]) => lang !== language && re.test(command));
      if (tool) proposal.note += ` ${n.label ?? n.id} runs \`${command.slice(0, 80)}\`, a ${LANGUAGE_NAMES[tool[0]]} command, on what is now ${STACK_WORDS[intent.stack].replace(/^an? /, 'a ')}: change its command or remove it.`;
    }
  }
}

const LANGUAGE_NAMES: Record<string, string> = { node: 'Node', python: 'Python', go: 'Go', java: 'Java', rust: 'Rust' };

/** The tools a command names, by the language they belong to. */
const TOOLS: [string, RegExp][] = [
  ['node', /\b(?:npm|npx|node|yarn|pnpm)\b/],
  ['python', /\b(?:pytest|python3?|pip3?|uvicorn)\b/],
  ['go', /\bgo\s+(?:test|build|run|vet)\b/],
  ['java', /\b(?:mvn|gradle|java)\b/],
  ['rust', /\bcargo\b/],
];

/**
 * The first message describes the app; later ones answer a question or ask for a change, so
 * what they name wins (the language, where to push) and what they add is added.
 */
export function readConversation(messages: string[], name?: string): AskIntent {
  const [first = '', ...later] = messages;
  const intent = readRequest(first, name);
  for (const text of later) {
    const more = readRequest(text);
    // A bare answer to "which language?": "Go", "ok, Python then".
    const bare = /^\W*(?:ok(?:ay)?\W+|then\W+|use\W+|in\W+)*(go|golang|python|node(?:\.?js)?|javascript|typescript|java|rust)(?:\W+(?:then|please|it is|instead))*\W*$/i.exec(text)?.[1];
    if (bare && !more.stackNamed) {
      const language = bare.toLowerCase().replace(/^golang$/, 'go').replace(/^(?:node(?:\.?js)?|javascript|typescript)$/, 'node');
      more.stack = `${language}-api` as OfflineStack;
      more.stackNamed = true;
      more.vague = false;
    }
    if (more.stackNamed) {
      intent.stack = more.stack;
      intent.stackNamed = true;
      delete intent.unsupported;
    }
    if (more.unsupported) intent.unsupported = more.unsupported;
    // The answer to "what should the app do?" describes it: its words name the app.
    if (intent.vague && !more.vague) {
      if (!name) intent.title = more.title;
      intent.purpose = more.purpose;
    }
    intent.vague &&= more.vague;
    if (intent.stack !== 'static-site' && more.resources.length) {
      const known = new Set(intent.resources.map((r) => r.name));
      intent.resources.push(...more.resources.filter((r) => !known.has(r.name)));
    }
    if (intent.stack === 'static-site') intent.resources = [];
    else if (!intent.resources.length) intent.resources = readRequest(first.replace(/\b(static (web)?site|website|web site|landing page|home ?page|portfolio|brochure|blog)\b/gi, 'api')).resources;
    intent.database ||= more.database;
    intent.vscode ||= more.vscode;
    if (more.remote) intent.remote = more.remote;
    if (more.git) intent.git = true;
    intent.pushWithoutRemote = (intent.pushWithoutRemote || more.pushWithoutRemote) && !intent.remote;
    if (/\b(?:no push|don'?t push|do not push|local(?:ly)?|skip (?:it|the push))\b/i.test(text)) intent.pushWithoutRemote = false;
    if (!more.deploy) intent.deploy = false;
  }
  return intent;
}

function compose(intent: AskIntent, base: Pipeline | undefined): Proposal {
  const nodes: NodeInstance[] = [];
  const edges: Edge[] = [];
  const steps: AskStep[] = [];
  const add = (id: string, kind: string, label: string, params: Record<string, unknown>) => {
    const def = definitionsByKind.get(kind);
    if (!def) return false;
    nodes.push({ id, kind, version: def.version, params, position: { x: nodes.length * 320, y: 0 }, label });
    return true;
  };
  const connect = (from: string, fromPort: string, to: string, toPort: string) => {
    edges.push({ id: `e${edges.length + 1}`, from: { node: from, port: fromPort }, to: { node: to, port: toPort } });
  };

  add('blueprint', 'text', 'Blueprint', { text: blueprintOf(intent) });
  add('generate', 'code-generator', `Write ${STACK_WORDS[intent.stack].replace(/^an? /, 'the ')}`, { mode: 'offline', stack: intent.stack });
  connect('blueprint', 'text', 'generate', 'blueprint');
  steps.push({ title: `Write ${STACK_WORDS[intent.stack]} from the blueprint and run its tests`, kinds: ['text', 'code-generator'] });
  let code = 'generate';

  // A database the scaffold can use for real: its infrastructure as code, brought up with compose.
  const stack = intent.database && intent.deploy && DATABASE_STACKS.has(intent.stack) && definitionsByKind.has('compose-deploy');
  if (stack && add('infra', 'iac', 'Infrastructure', { services: ['postgres'] })) {
    connect(code, 'workspace', 'infra', 'workspace');
    code = 'infra';
    steps.push({ title: 'Write its infrastructure as code (Dockerfile, compose.yaml with PostgreSQL, Terraform, Kubernetes) and check each file', kinds: ['iac'] });
  }

  if (intent.git && add('repo', 'git-repo', 'Repository', { message: `${intent.title}, from Pipewright`, ...(intent.remote ? { remote: intent.remote } : {}) })) {
    connect(code, 'workspace', 'repo', 'workspace');
    code = 'repo';
    steps.push({ title: intent.remote ? `Commit the code and push it to ${intent.remote}` : 'Commit the code to a local git repository', kinds: ['git-repo'] });
  }
  // The repository, when there is one, holds the infrastructure too: the stack comes up from it.
  if (stack && nodes.some((n) => n.id === 'infra') && add('deploy', 'compose-deploy', 'The app', {})) {
    connect(code, 'workspace', 'deploy', 'workspace');
    steps.push({ title: 'Bring up the app and its PostgreSQL database with docker-compose, then wait until both are healthy', kinds: ['compose-deploy'] });
  } else if (intent.deploy && add('deploy', 'build-deploy', 'The app', { healthPath: '/' })) {
    connect(code, 'workspace', 'deploy', 'workspace');
    steps.push({ title: 'Build it into a container and start it, then wait until it answers', kinds: ['build-deploy'] });
  }
  if (intent.vscode && add('workspace', 'vscode-workspace', 'VS Code', {})) {
    connect(code, 'workspace', 'workspace', 'workspace');
    connect('blueprint', 'text', 'workspace', 'blueprint');
    steps.push({ title: 'Open the code in VS Code in the browser', kinds: ['vscode-workspace'] });
  }

  const id = base?.id ?? (slug(intent.title).slice(0, 60) || 'app');
  const draft: Pipeline = {
    format: 'pipewright/2',
    id,
    name: base?.name ?? intent.title,
    description: intent.purpose,
    nodes: keepPlaces(nodes, base),
    edges,
  };
  const withDatabase = draft.nodes.some((n) => n.kind === 'compose-deploy');
  const api = intent.stack !== 'static-site';
  // With no resource named, the scaffold keeps `items` (each with a name): said, not hidden.
  const resources = intent.resources.length ? intent.resources.map((r) => `\`${r.name}\``).join(', ') : api ? '`items`' : undefined;
  const summary = [
    `${STACK_WORDS[intent.stack][0].toUpperCase()}${STACK_WORDS[intent.stack].slice(1)}`,
    intent.unsupported ? ` (not ${intent.unsupported}: no scaffold for it without a model)` : '',
    resources ? ` with ${resources} resource${intent.resources.length > 1 ? 's' : ''}` : '',
    withDatabase ? ', with a PostgreSQL database' : '',
    intent.deploy ? ', deployed on this machine' : '',
    intent.git ? (intent.remote ? `, pushed to ${intent.remote}` : ', kept in a git repository') : '',
    intent.vscode ? ', opened in VS Code' : '',
    '.',
  ].join('');
  const defaults = [
    intent.unsupported
      ? `the language (${STACK_LANGUAGE[intent.stack]}: without a model there is no ${intent.unsupported} scaffold, and no supported language was named)`
      : !intent.stackNamed
        ? `the language (${STACK_LANGUAGE[intent.stack]}, since none was named)`
        : '',
    api && !intent.resources.length ? 'what it keeps (`items`, each with a name, since the request named nothing it keeps)' : '',
    intent.database && !withDatabase ? 'the database (the offline scaffold keeps its data in memory; a model would wire one up)' : '',
  ].filter(Boolean);
  return {
    summary,
    steps,
    draft,
    usedModel: false,
    note: [
      'Planned without a model: the request was read for its language, resources and wishes, and the code comes from a ready-made scaffold.',
      defaults.length ? `Chosen by default: ${defaults.join('; ')}.` : '',
      withDatabase
        ? 'The database is PostgreSQL: on Confirm a random password is generated and stored as a secret (POSTGRES_PASSWORD_<project>); the pipeline holds only its name.'
        : '',
      'A model would also write custom logic, fields and pages from your words: the built-in local model (Settings → Local models, or pipewright models pull qwen2.5-coder-1.5b), or an endpoint (pipewright endpoint add).',
    ]
      .filter(Boolean)
      .join(' '),
  };
}

/**
 * An open pipeline in words the planner reads: its blueprint (which names the stack and the
 * resources), and what else it does — a repository and where it pushes, VS Code, no deployment.
 */
export function describePipeline(base: Pipeline): string | undefined {
  const generator = generatorOf(base);
  if (!generator) return undefined;
  const wire = base.edges.find((e) => e.to.node === generator.id && e.to.port === 'blueprint');
  const source = base.nodes.find((n) => n.id === wire?.from.node && n.kind === 'text');
  const text = typeof source?.params.text === 'string' ? source.params.text : `# ${base.name}`;
  const stack = generator.kind === 'code-generator' && typeof generator.params.stack === 'string' && !/^stack:/im.test(text) ? `\nStack: ${generator.params.stack}` : '';
  const repo = base.nodes.find((n) => n.kind === 'git-repo');
  const remote = typeof repo?.params.remote === 'string' ? repo.params.remote : undefined;
  const extras = [
    repo ? (remote ? `Push it to ${remote}.` : 'Keep it in a git repository.') : '',
    base.nodes.some((n) => n.kind === 'vscode-workspace') ? 'Open it in VS Code.' : '',
    base.nodes.some((n) => n.kind === 'build-deploy' || n.kind === 'compose-deploy') ? '' : "Don't deploy it.",
  ].filter(Boolean);
  return `${text}${stack}${extras.length ? `\n${extras.join(' ')}` : ''}`;
}

/** Nodes the open pipeline already has keep where the person put them. */
function keepPlaces(nodes: NodeInstance[], base: Pipeline | undefined): NodeInstance[] {
  if (!base) return nodes;
  const placed = new Map(base.nodes.map((n) => [n.id, n]));
  return nodes.map((n) => {
    const old = placed.get(n.id);
    return old && old.kind === n.kind ? { ...n, position: old.position, ...(old.label ? { label: old.label } : {}) } : n;
  });
}

function blueprintOf(intent: AskIntent): string {
  const lines = [`# ${intent.title}`, '', intent.purpose, ''];
  if (intent.resources.length) {
    lines.push('## Resources');
    for (const r of intent.resources) lines.push(`- ${r.name}${r.fields.length ? ` (${r.fields.map((f) => f.replace(/_/g, ' ')).join(', ')})` : ''}`);
    lines.push('');
  }
  lines.push(`Stack: ${intent.stack}`, '');
  if (intent.database && DATABASE_STACKS.has(intent.stack)) lines.push('Database: PostgreSQL', '');
  return lines.join('\n');
}

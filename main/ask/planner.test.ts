import { describe, expect, it } from 'vitest';
import { parseBlueprint } from '../../nodes/sdk/blueprint';
import { planWithoutModel, type Proposal } from './planner';

function plan(...messages: string[]): Proposal {
  const answer = planWithoutModel({ messages, asked: 0 });
  if (answer.kind !== 'proposal') throw new Error(`expected a plan, got the question: ${answer.text}`);
  return answer.proposal;
}

function param(p: Proposal, nodeId: string, name: string): unknown {
  return p.draft.nodes.find((n) => n.id === nodeId)?.params[name];
}

/** What the offline code generator will read from the draft's blueprint. */
function blueprintOf(p: Proposal) {
  return parseBlueprint(String(param(p, 'blueprint', 'text')));
}

describe('the planner without a model', () => {
  it('turns the running club sentence into a deployed Node REST API with a runs resource', () => {
    const p = plan('a little service where my running club logs our runs, in Node');
    expect(param(p, 'generate', 'stack')).toBe('node-api');
    expect(param(p, 'generate', 'mode')).toBe('offline');
    expect(blueprintOf(p).resources.map((r) => r.name)).toEqual(['runs']);
    expect(p.draft.nodes.map((n) => n.kind)).toEqual(['text', 'code-generator', 'build-deploy']);
    expect(p.draft.edges.map((e) => `${e.from.node}>${e.to.node}`)).toEqual(['blueprint>generate', 'generate>deploy']);
    expect(p.usedModel).toBe(false);
    expect(p.note).toMatch(/without a model/);
    expect(p.summary).toMatch(/Node\.js REST API with `runs`/);
    expect(p.steps.flatMap((s) => s.kinds)).toEqual(['text', 'code-generator', 'build-deploy']);
  });

  it('reads the language, the kind of site and the fields named', () => {
    expect(param(plan('an API for a bakery that sells cakes (name, price), in Python'), 'generate', 'stack')).toBe('python-api');
    expect(blueprintOf(plan('an API for a bakery that sells cakes (name, price), in Python')).resources).toMatchObject([
      { name: 'cakes', fields: ['name', 'price'] },
    ]);
    expect(blueprintOf(plan('a Python API where our book club keeps books (title, author)')).resources).toMatchObject([
      { name: 'books', fields: ['title', 'author'] },
    ]);
    expect(param(plan('a Go service that tracks parcels'), 'generate', 'stack')).toBe('go-api');
    expect(param(plan('a static landing page for my bakery'), 'generate', 'stack')).toBe('static-site');
    expect(param(plan('a Java backend to manage invoices with amount and due date'), 'generate', 'stack')).toBe('java-api');
    expect(blueprintOf(plan('a Java backend to manage invoices with amount and due date')).resources).toMatchObject([
      { name: 'invoices', fields: ['amount', 'due_date'] },
    ]);
  });

  it('says which defaults it chose when the request names no language', () => {
    const p = plan('something where we keep our recipes');
    expect(param(p, 'generate', 'stack')).toBe('node-api');
    expect(p.note).toMatch(/Chosen by default: the language \(node/);
  });

  it('asks where to push when the request says push but not where, then plans with the answer', () => {
    const first = planWithoutModel({ messages: ['a Node API for our books, and push it to my repository'], asked: 0 });
    expect(first.kind).toBe('question');
    expect(first.kind === 'question' && first.text).toMatch(/Where should I push/);
    const p = plan('a Node API for our books, and push it to my repository', 'https://example.com/me/books.git');
    expect(param(p, 'repo', 'remote')).toBe('https://example.com/me/books.git');
    expect(p.draft.edges.map((e) => `${e.from.node}>${e.to.node}`)).toEqual(['blueprint>generate', 'generate>repo', 'repo>deploy']);
    // A bare folder is an answer too.
    expect(param(plan('a Node API for our books, and push it to my repository', '/srv/git/books.git'), 'repo', 'remote')).toBe('/srv/git/books.git');
    const local = plan('a Node API for our books, and push it to my repository', 'no push');
    expect(local.draft.nodes.find((n) => n.kind === 'git-repo')?.params.remote).toBeUndefined();
  });

  it('stops asking after a few questions and plans with defaults', () => {
    const answer = planWithoutModel({ messages: ['a Node API, push it', 'hmm', 'later'], asked: 2 });
    expect(answer.kind).toBe('proposal');
  });

  it('changes the language when a later message asks for another, keeping the resources', () => {
    const p = plan('a service where my running club logs our runs, in Node', 'use Python instead');
    expect(param(p, 'generate', 'stack')).toBe('python-api');
    for (const change of ['use Go instead', 'Go instead', 'instead of Node, use Go', 'use Go instead of Node', 'switch to Go', 'rewrite it in Go']) {
      expect({ change, stack: param(plan('a service where my running club logs our runs, in Node', change), 'generate', 'stack') }).toEqual({ change, stack: 'go-api' });
    }
    expect(blueprintOf(p).resources.map((r) => r.name)).toEqual(['runs']);
  });

  it('adds a VS Code workspace when asked for one', () => {
    const p = plan('a Node API for our books', 'also open it in VS Code');
    expect(p.draft.nodes.map((n) => n.kind)).toContain('vscode-workspace');
  });

  it('gives a request that asks for a database PostgreSQL: infrastructure as code and a compose deployment, its password left to Confirm', () => {
    for (const request of ["a Python API with a PostgreSQL database for my book club's books", 'a Node service that tracks parcels, with a database', 'a Python API for our recipes; store them in postgres']) {
      const p = plan(request);
      expect(p.draft.nodes.map((n) => n.kind)).toEqual(['text', 'code-generator', 'iac', 'compose-deploy']);
      expect(p.draft.edges.map((e) => `${e.from.node}>${e.to.node}`)).toEqual(['blueprint>generate', 'generate>infra', 'infra>deploy']);
      expect(blueprintOf(p).database).toBe('postgres');
      expect(param(p, 'infra', 'services')).toEqual(['postgres']);
      // No secret is named yet: the project it is named for does not exist before Confirm.
      expect(param(p, 'deploy', 'secret')).toBeUndefined();
      expect(p.summary).toMatch(/with a PostgreSQL database/);
      expect(p.note).toMatch(/random password is generated and stored as a secret/);
    }
    expect(blueprintOf(plan("a Python API with a PostgreSQL database for my book club's books")).resources.map((r) => r.name)).toEqual(['books']);
  });

  it('keeps a database request on the in-memory scaffold where no PostgreSQL variant exists, and says so', () => {
    const p = plan('a Go service that tracks parcels, with a database');
    expect(p.draft.nodes.map((n) => n.kind)).toEqual(['text', 'code-generator', 'build-deploy']);
    expect(p.note).toMatch(/keeps its data in memory/);
  });

  it('asks which supported language to use for one the scaffolds lack, and never swaps it silently', () => {
    for (const [request, name] of [['a Ruby on Rails app for our recipes', 'Ruby'], ['a C# API for orders', 'C#/.NET'], ['an api in c# for orders', 'C#/.NET'], ['a recipe app in Kotlin', 'Kotlin']]) {
      const answer = planWithoutModel({ messages: [request], asked: 0 });
      expect({ request, question: answer.kind === 'question' && answer.text }).toEqual({ request, question: expect.stringContaining(`not ${name}`) });
    }
    // Asked enough, and still only C#: the plan says in its summary and note that it is not C#.
    const answer = planWithoutModel({ messages: ['a C# API for orders', 'C# please', 'C#'], asked: 2 });
    const p = answer.kind === 'proposal' ? answer.proposal : undefined;
    expect(p?.summary).toMatch(/\(not C#\/\.NET: no scaffold for it without a model\)/);
    expect(p?.note).toMatch(/without a model there is no C#\/\.NET scaffold/);
    // An answer naming a supported language is taken.
    expect(param(plan('a C# API for orders', 'ok, Go then'), 'generate', 'stack')).toBe('go-api');
  });

  it('reads the resources and fields of ordinary sentences, and names the app from its words, not its wishes', () => {
    const cases: [string, string, [string, string[]][], string][] = [
      ['a todo list app in python with a database', 'python-api', [['todos', ['title']]], 'Todo list'],
      ['an inventory API in Go with items that have a name, sku and quantity', 'go-api', [['items', ['name', 'sku', 'quantity']]], 'Inventory'],
      ['a Java service for library books', 'java-api', [['books', []]], 'Library books'],
      ['a REST API for customers and orders in node', 'node-api', [['customers', []], ['orders', []]], 'Customers orders'],
      ['Build me an API that manages employees, departments and projects', 'node-api', [['employees', []], ['departments', []], ['projects', []]], 'Employees departments projects'],
      ['a Go API for a library: books (title, author, isbn) and members (name, email)', 'go-api', [['books', ['title', 'author', 'isbn']], ['members', ['name', 'email']]], 'Library'],
      ['a Node API for notes with a VS Code workspace', 'node-api', [['notes', []]], 'Notes'],
      ['a rust api for movies with title and year, push it to https://github.com/me/movies.git and open it in vs code', 'rust-api', [['movies', ['title', 'year']]], 'Movies'],
      ['an expense tracker', 'node-api', [['expenses', []]], 'Expense tracker'],
      ['a python flask api where users can post messages', 'python-api', [['messages', []]], 'Users post messages'],
      ['a service that tracks parcels and sends emails', 'node-api', [['parcels', []]], 'Parcels sends emails'],
      ['an API for books with routes /books and /authors', 'node-api', [['books', []]], 'Books'],
      ['a node api, don\'t deploy it', 'node-api', [], 'My app'],
      [
        'Create a REST API in Java to manage students and courses. Students have a name and email; courses have a title and credits.',
        'java-api',
        [['students', ['name', 'email']], ['courses', ['title', 'credits']]],
        'Students courses',
      ],
      ['a REST service to manage tickets for our helpdesk; tickets have a title, a priority and a status', 'node-api', [['tickets', ['title', 'priority', 'status']]], 'Tickets helpdesk'],
      ['a simple blog API with posts and comments in python', 'python-api', [['posts', []], ['comments', []]], 'Blog'],
      ['An API where users can create playlists of songs', 'node-api', [['playlists', []]], 'Users playlists songs'],
      ['a personal finance tracker in Rust, with transactions (amount, date, category)', 'rust-api', [['transactions', ['amount', 'date', 'category']]], 'Personal finance tracker'],
      ['Python FastAPI service that keeps track of plants and when they were watered', 'python-api', [['plants', []]], 'Plants watered'],
    ];
    for (const [request, stack, resources, title] of cases) {
      const p = plan(request);
      expect({ request, stack: param(p, 'generate', 'stack'), title: p.draft.name }).toEqual({ request, stack, title });
      const read = blueprintOf(p).resources.map((r) => [r.name, r.fields]);
      expect({ request, resources: read }).toEqual({ request, resources: resources.length ? resources : [['items', ['name']]] });
    }
    // A movie is not a "movy": the scaffold names one record by the blueprint's singular.
    expect(blueprintOf(plan('a rust api for movies')).resources[0].singular).toBe('movie');
  });

  it('says when it gave the app an items resource because the request named none', () => {
    const p = plan('a node api, don\'t deploy it');
    expect(p.summary).toMatch(/`items`/);
    expect(p.note).toMatch(/Chosen by default: .*`items`/);
  });

  it('keeps a long request to a short name', () => {
    const p = plan(`a Node API for ${'b'.repeat(10_000)}s, ${'very '.repeat(2_000)}nice`);
    expect(p.draft.name.length).toBeLessThanOrEqual(60);
    expect(p.draft.id.length).toBeLessThanOrEqual(60);
  });

  it('asks what the app should do when the request names nothing it could build, then plans from the answer', () => {
    for (const vague of ['hello', 'asdf qwerty zxcv', 'push it to file:///tmp/x.git']) {
      const answer = planWithoutModel({ messages: [vague], asked: 0 });
      expect({ vague, question: answer.kind === 'question' && answer.text }).toEqual({ vague, question: expect.stringMatching(/What should the app do\?/) });
    }
    const p = plan('push it to file:///tmp/x.git', 'a Go API where we keep recipes');
    expect(param(p, 'generate', 'stack')).toBe('go-api');
    expect(param(p, 'repo', 'remote')).toBe('file:///tmp/x.git');
    expect(p.draft.name).toBe('Recipes');
    expect(blueprintOf(p).resources.map((r) => r.name)).toEqual(['recipes']);
    // After the questions allowed, defaults.
    expect(planWithoutModel({ messages: ['hello', 'hm', 'no idea'], asked: 2 }).kind).toBe('proposal');
  });

  it('pushes only to a place named as one: a page or a route in the request is not a remote', () => {
    expect(plan('a landing page for my bakery like https://example.com').draft.nodes.map((n) => n.kind)).not.toContain('git-repo');
    expect(plan('an API for books with routes /books and /authors').draft.nodes.map((n) => n.kind)).not.toContain('git-repo');
    expect(param(plan('a Node API for books, keep it in git at /srv/git/books.git'), 'repo', 'remote')).toBe('/srv/git/books.git');
    expect(param(plan('a Node API for books; code at git@example.com:me/books.git'), 'repo', 'remote')).toBe('git@example.com:me/books.git');
  });
});

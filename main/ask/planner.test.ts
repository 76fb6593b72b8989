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

  it('asks which supported language to use for one the scaffolds lack', () => {
    const answer = planWithoutModel({ messages: ['a Ruby on Rails app for our recipes'], asked: 0 });
    expect(answer.kind === 'question' && answer.text).toMatch(/not Ruby/);
  });
});

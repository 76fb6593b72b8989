import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '../../nodes/sdk';
import { openHost, type Host } from '../host';
import { diffDraft } from './diff';
import { planWithoutModel, type Proposal } from './planner';

// A change asked for in the editor's chat, without a model, on the gallery's own pipelines: the
// person's graph is edited, not replaced.

let home: string;
let host: Host;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-ask-edit-'));
  host = openHost({ home });
});

afterAll(() => {
  host.close();
  rmSync(home, { recursive: true, force: true });
});

function template(name: string): Pipeline {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'resources', 'templates', `${name}.json`), 'utf8')) as Pipeline;
}

function change(base: Pipeline, ...messages: string[]): Proposal & { diff: ReturnType<typeof diffDraft> } {
  const answer = planWithoutModel({ messages, base, asked: 0, validate: (doc) => host.engine.validate(doc) });
  if (answer.kind !== 'proposal') throw new Error(`expected a plan, got the question: ${answer.text}`);
  expect(host.engine.validate(answer.proposal.draft)).toEqual([]);
  return { ...answer.proposal, diff: diffDraft(base, answer.proposal.draft) };
}

const wires = (doc: Pipeline) => doc.edges.map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`).sort();
const node = (doc: Pipeline, id: string) => doc.nodes.find((n) => n.id === id);

describe('a change to the open pipeline, without a model', () => {
  it('"also push it" adds the repository after the person\'s test step and removes nothing', () => {
    const base = template('offline-node-api');
    const p = change(base, 'also push it to /srv/git/books.git');
    expect(p.diff).toEqual({ added: ['repo'], changed: [], removed: [] });
    expect(node(p.draft, 'repo')?.params.remote).toBe('/srv/git/books.git');
    // The test still gates the push: the repository takes the code the test ran on.
    expect(wires(p.draft)).toEqual(['blueprint.text>generate.blueprint', 'generate.workspace>test.workspace', 'test.workspace>repo.workspace']);
    expect(node(p.draft, 'test')).toEqual(node(base, 'test'));
    expect(p.note).toMatch(/Left as it was: .*test/i);
  });

  it('"use Python instead" changes the stack and the blueprint\'s Stack line only, and warns about a step running npm', () => {
    const base = template('blueprint-to-deploy');
    const p = change(base, 'use Python instead');
    expect(p.diff).toEqual({ added: [], changed: ['blueprint', 'generate'], removed: [] });
    expect(node(p.draft, 'generate')?.params).toEqual({ ...node(base, 'generate')!.params, stack: 'python-api' });
    // The person's own label stays.
    expect(node(p.draft, 'generate')?.label).toBe(node(base, 'generate')!.label);
    const before = String(node(base, 'blueprint')!.params.text);
    const after = String(node(p.draft, 'blueprint')!.params.text);
    // The person's blueprint as written, plus the stack.
    expect(after.startsWith(before.trimEnd())).toBe(true);
    expect(after).toMatch(/^Stack: python-api$/m);
    expect(wires(p.draft)).toEqual(wires(base));
    expect(p.note).toMatch(/runs `npm test`, a Node command, on what is now a Python REST API/);
  });

  it('keeps a model-driven generator driven by its model, and the model node', () => {
    const base = template('blueprint-to-deploy-llm');
    const p = change(base, 'use Python instead');
    expect(p.diff.removed).toEqual([]);
    expect(node(p.draft, 'model')).toEqual(node(base, 'model'));
    expect(node(p.draft, 'generate')?.params).toMatchObject({ mode: 'agent', stack: 'python-api', maxRounds: 3 });
    expect(wires(p.draft)).toEqual(wires(base));
  });

  it('renames a step the planner named when the change makes its name wrong', () => {
    const made = planWithoutModel({ messages: ['a Go API where we keep orders'], asked: 0 });
    if (made.kind !== 'proposal') throw new Error('expected a plan');
    expect(node(made.proposal.draft, 'generate')?.label).toBe('Write the Go REST API');
    const p = change(made.proposal.draft, 'use Python instead');
    expect(node(p.draft, 'generate')?.label).toBe('Write the Python REST API');
  });

  it('keeps params the person set in the inspector when the request is about something else', () => {
    const base = template('blueprint-to-deploy');
    const deploy = node(base, 'deploy')!;
    deploy.params = { ...deploy.params, healthPath: '/health', port: 8081 };
    node(base, 'generate')!.position = { x: 333, y: 44 };
    const p = change(base, 'also open it in VS Code');
    expect(p.diff).toEqual({ added: ['workspace'], changed: [], removed: [] });
    expect(node(p.draft, 'deploy')?.params).toEqual(deploy.params);
    expect(node(p.draft, 'generate')?.position).toEqual({ x: 333, y: 44 });
    expect(wires(p.draft)).toEqual(expect.arrayContaining(['repo.workspace>workspace.workspace', 'blueprint.text>workspace.blueprint']));
  });

  it('removes only the deployment on "don\'t deploy it"', () => {
    const base = template('blueprint-to-deploy');
    expect(change(base, "don't deploy it").diff).toEqual({ added: [], changed: [], removed: ['deploy'] });
  });

  it('adds a database behind the test step and brings the app up with compose from the repository', () => {
    const p = change(template('blueprint-to-deploy'), 'store it in a PostgreSQL database');
    expect(node(p.draft, 'deploy')?.kind).toBe('compose-deploy');
    expect(wires(p.draft)).toEqual(
      ['blueprint.text>generate.blueprint', 'generate.workspace>test.workspace', 'test.workspace>infra.workspace', 'infra.workspace>repo.workspace', 'repo.workspace>deploy.workspace'].sort(),
    );
    expect(String(node(p.draft, 'blueprint')!.params.text)).toMatch(/^Database: PostgreSQL$/m);
  });

  it('adds a new app beside a pipeline that has none, leaving the person\'s nodes alone', () => {
    const base = template('hello-shell');
    const p = change(base, 'a node api for books');
    expect(p.diff.removed).toEqual([]);
    expect(p.diff.changed).toEqual([]);
    expect(p.diff.added).toEqual(['blueprint', 'generate', 'deploy']);
    for (const n of base.nodes) expect(node(p.draft, n.id)).toEqual(n);
    // The new nodes do not sit on the person's.
    const spots = p.draft.nodes.map((n) => `${n.position.x},${n.position.y}`);
    expect(new Set(spots).size).toBe(spots.length);
  });

  it('changes a pipeline whose code the software team writes without swapping the team for a generator', () => {
    const base = template('software-team');
    const python = change(base, 'use Python instead');
    expect(python.diff).toEqual({ added: [], changed: ['blueprint'], removed: [] });
    expect(node(python.draft, 'team')).toEqual(node(base, 'team'));
    expect(String(node(python.draft, 'blueprint')!.params.text)).toMatch(/^Stack: python-api$/m);
    const pushed = change(base, 'also push it to /srv/git/club.git');
    expect(pushed.diff).toEqual({ added: ['repo'], changed: [], removed: [] });
    expect(wires(pushed.draft)).toContain('team.workspace>repo.workspace');
  });

  it('adds a resource to the blueprint\'s list as the person wrote it', () => {
    const p = change(template('blueprint-to-deploy'), 'add events (name, date)');
    expect(p.diff).toEqual({ added: [], changed: ['blueprint'], removed: [] });
    expect(String(node(p.draft, 'blueprint')!.params.text)).toMatch(/- members \(name, email\)\n- events \(name, date\)\n/);
  });
});

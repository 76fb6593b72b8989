import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../adapters/db/sqlite';
import { composeProject } from '../adapters/docker/compose';
import { dockerForTests, removeProject } from '../adapters/docker/docker.test-support';
import { openHost } from '../host';
import { jsonLines, runCli } from './run-cli.test-support';

const ROOT = join(__dirname, '..', '..');

// `pipewright ask` end to end, offline: plain words → plan → real Docker (local images) → a
// link that answers. Like every Docker integration test: required in CI, skipped loudly elsewhere.
const docker = await dockerForTests();
// The database journey needs the PostgreSQL image too (CI's local one).
const postgres = docker && (await dockerForTests(['postgres']));
const homes: string[] = [];
const projects: string[] = [];

afterAll(async () => {
  for (const p of projects) if (docker) await removeProject(docker, p);
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

/** Conversations kept in a home's database, read from the file itself. */
function conversationsIn(home: string): number {
  const db = openSqlite(join(home, 'pipewright.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM ask_conversations').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function freshHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'pw-ask-cli-'));
  homes.push(home);
  return home;
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.text() };
}

describe('pipewright ask without --yes and without a terminal', () => {
  it('prints the plan and its steps, runs nothing and saves nothing', async () => {
    const home = freshHome();
    const asked = await runCli(['ask', 'a little service where my running club logs our runs, in Node'], home);
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(/A Node\.js REST API with `runs` resource/);
    expect(asked.stdout).toMatch(/1\. Write a Node\.js REST API .*\[text, code-generator\]/);
    expect(asked.stdout).toMatch(/without a model/);
    expect(asked.stdout).toMatch(/Not run/);
    expect((await runCli(['list'], home)).stdout).not.toMatch(/running-club/i);
  });

  it('with --project naming an existing project, shows what the request changes in its pipeline', async () => {
    const home = freshHome();
    await runCli(['ask', '--json', 'a Python API where our book club keeps books (title, author)'], home);
    const imported = await runCli(['import', join(__dirname, '..', '..', 'resources', 'templates', 'offline-node-api.json')], home);
    expect(imported.code).toBe(0);
    const asked = await runCli(['ask', 'also push it to /srv/git/books.git', '--project', 'offline-node-api'], home);
    expect(asked.stderr).toBe('');
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(/A Node\.js REST API with `books`, `members` resources.*pushed to \/srv\/git\/books\.git/);
    // The project's own test step stays: the request asked for a push, nothing else.
    expect(asked.stdout).toMatch(/Changes to the pipeline: \+ repo\n/);
    expect(asked.stdout).toMatch(/Left as it was: Run its tests/);
  });

  it('says what to do when the request leaves a question open, and keeps nothing of it', async () => {
    const home = freshHome();
    const asked = await runCli(['ask', '--yes', '--json', 'a Node API for our books, and push it to my repository'], home);
    expect(asked.code).toBe(1);
    expect(jsonLines(asked.stdout)).toEqual([expect.objectContaining({ type: 'question', text: expect.stringMatching(/Where should I push/) })]);
    expect(asked.stderr).toMatch(/put the answer in the description/);
    expect(conversationsIn(home)).toBe(0);
  });

  it('refuses an endpoint that does not exist by its name, with how to add it, and keeps nothing', async () => {
    const home = freshHome();
    const asked = await runCli(['ask', 'a Node API for our books', '--endpoint', 'nope', '--json'], home);
    expect(asked.code).toBe(1);
    expect(asked.stdout).toBe('');
    expect(asked.stderr).toMatch(/no endpoint "nope": add it with pipewright endpoint add nope/);
    expect(conversationsIn(home)).toBe(0);
  });

  it('at a terminal, asks its question and then whether to run it, reading each answer', async () => {
    const home = freshHome();
    // `script` gives the command a real terminal (a pty) whose keyboard is this test.
    const command = [process.execPath, '--import', 'tsx', join(ROOT, 'main', 'cli.ts'), 'ask', 'a Node API for our books, and push it to my repository']
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, PIPEWRIGHT_HOME: home, FORCE_COLOR: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => out, { timeout: 60_000 }).toMatch(/Where should I push the code\?[^\n]*\n> $/);
    child.stdin.write('/srv/git/books.git\n');
    await expect.poll(() => out, { timeout: 60_000 }).toMatch(/Run it\? \[y\/N\] $/);
    expect(out).toMatch(/pushed to \/srv\/git\/books\.git/);
    child.stdin.write('n\n');
    expect(await exited).toBe(0);
    expect(out).toMatch(/Discarded; nothing was saved\./);
    expect(conversationsIn(home)).toBe(0);
  }, 120_000);

  it('refuses an empty request and a value given to --yes, as usage errors', async () => {
    const home = freshHome();
    for (const args of [['ask', ''], ['ask', '   '], ['ask', 'a Node API', '--yes=false'], ['ask', `a Node API for ${'very '.repeat(5_000)}long notes`]]) {
      const asked = await runCli(args, home);
      expect({ args: args.join(' ').slice(0, 40), code: asked.code }).toEqual({ args: args.join(' ').slice(0, 40), code: 2 });
      expect(asked.stderr).toMatch(/ask needs a description|--yes is a flag|longer than 20,000 characters is not a description/);
    }
  });
});

describe.skipIf(!docker)('pipewright ask --yes, at a glance', () => {
  it('prints the review of what will run (commands, images, sandboxing) before it runs', async () => {
    const name = `Ask ${randomUUID().slice(0, 8)}`;
    const result = await runCli(['ask', 'a static landing page for my bakery', '--yes', '--project', name], freshHome());
    const saved = /Saved as project "([^"]+)"/.exec(result.stdout)?.[1];
    if (saved) projects.push(saved);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const review = result.stdout.indexOf('What it will run (3 nodes):');
    expect(review).toBeGreaterThan(result.stdout.indexOf('Saved as project'));
    expect(review).toBeLessThan(result.stdout.indexOf('Running…'));
    const lines = result.stdout.slice(review, result.stdout.indexOf('Running…'));
    expect(lines).toMatch(/\n {2}Images:\n {4}- \S+/);
    expect(lines).toMatch(/\n {2}Unsandboxed \(run on this machine, outside a sandbox\):\n {4}- The app \(deploy\): /);
    expect(result.stdout).toMatch(/Done\./);
  }, 240_000);
});

describe.skipIf(!docker || !postgres)('pipewright ask for an app with a database', () => {
  const stacks: string[] = [];
  afterAll(async () => {
    const { removeComposeProject } = await import('../adapters/docker/compose');
    for (const name of stacks) {
      await docker!.withEngine((d) => removeComposeProject(d, name));
      await docker!.docker.getVolume(`${name}_db-data`).remove().catch(() => undefined);
    }
  });

  it('brings up a Python API with PostgreSQL whose /health reaches the database, its password a generated secret', async () => {
    const home = freshHome();
    const name = `Books ${randomUUID().slice(0, 8)}`;
    const result = await runCli(['ask', "a Python API with a PostgreSQL database for my book club's books", '--yes', '--json', '--project', name], home);
    const events = jsonLines(result.stdout);
    const answer = events.at(-1) as { type: string; status: string; projectId: string; links: { label: string; url: string }[] };
    if (answer?.projectId) {
      projects.push(answer.projectId);
      stacks.push(composeProject({ projectId: answer.projectId, nodeId: 'deploy' }));
    }
    expect(result.stderr).toBe('');
    expect(events.filter((e) => e.status === 'failed')).toEqual([]);
    expect(answer).toMatchObject({ type: 'answer', status: 'succeeded' });
    expect(result.code).toBe(0);
    const plan = events[0] as { nodes: { kind: string }[]; note: string };
    expect(plan.nodes.map((n) => n.kind)).toEqual(['text', 'code-generator', 'iac', 'compose-deploy']);
    expect(plan.note).toMatch(/password is generated and stored as a secret/);

    const app = answer.links.find((l) => l.label === 'The app');
    const health = await get(`${app!.url}/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', database: 'reachable' });
    // Records go to PostgreSQL and come back.
    const made = await fetch(`${app!.url}/books`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Middlemarch' }), signal: AbortSignal.timeout(10_000) });
    expect(made.status).toBe(201);
    expect((await get(`${app!.url}/books`)).body).toContain('Middlemarch');

    // The password is a secret named for the project; the document and the output hold its name only.
    const host = openHost({ home });
    try {
      const secret = `POSTGRES_PASSWORD_${answer.projectId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
      const password = host.store.secrets.get(secret);
      expect(password).toMatch(/^[\w-]{24,}$/);
      const doc = host.store.pipelines.get(answer.projectId)!;
      expect(doc.nodes.find((n) => n.kind === 'compose-deploy')?.params.secret).toBe(secret);
      expect(JSON.stringify(doc)).not.toContain(password);
      expect(result.stdout).not.toContain(password);
      expect(events.find((e) => e.type === 'review')).toMatchObject({ generatedSecret: secret });
    } finally {
      host.close();
    }
  }, 300_000);
});

describe.skipIf(!docker)('pipewright ask --yes --json, offline, on Docker', () => {
  const cases: { request: string; path: string; expectBody: RegExp; incomplete?: { body: object; missing: RegExp } }[] = [
    { request: 'a little service where my running club logs our runs, in Node', path: '/runs', expectBody: /^\[/ },
    { request: 'a Python API where our book club keeps books (title, author)', path: '/books', expectBody: /^\[/ },
    { request: 'a static landing page for my bakery', path: '/', expectBody: /<html/i },
    // The fields said in plain words are the ones a new record must have.
    { request: 'an inventory API in Go with items that have a name, sku and quantity', path: '/items', expectBody: /^\[/, incomplete: { body: { name: 'Bolt' }, missing: /sku/ } },
  ];

  for (const { request, path, expectBody, incomplete } of cases) {
    it(`"${request}" ends with a link that answers`, async () => {
      const name = `Ask ${randomUUID().slice(0, 8)}`;
      const result = await runCli(['ask', request, '--yes', '--json', '--project', name], freshHome());
      const events = jsonLines(result.stdout);
      const answer = events.at(-1) as { type: string; status: string; projectId: string; pipelineId: string; runId: string; links: { label: string; url: string }[] };
      if (answer?.projectId) projects.push(answer.projectId);
      expect(result.stderr).toBe('');
      expect(answer).toMatchObject({ type: 'answer', status: 'succeeded', pipelineId: answer.projectId, runId: expect.any(String) });
      expect(result.code).toBe(0);
      expect(events[0]).toMatchObject({ type: 'plan', usedModel: false });
      // The review of what will run comes after the confirmation and before the first step runs.
      const review = events.findIndex((e) => e.type === 'review');
      expect(events[review]).toMatchObject({ type: 'review', images: expect.arrayContaining([expect.any(String)]) });
      expect((events[review] as { unsandboxed: string[] }).unsandboxed.join('\n')).toMatch(/The app \(deploy\): .*when no Docker engine answers/);
      expect(events.findIndex((e) => e.type === 'confirmed')).toBe(review - 1);
      expect(review).toBeLessThan(events.findIndex((e) => e.type === 'progress'));
      expect(events.some((e) => e.type === 'progress' && e.nodeId === 'deploy' && e.status === 'succeeded')).toBe(true);
      const app = answer.links.find((l) => l.label === 'The app');
      expect(app?.url).toMatch(/^http:\/\//);
      const page = await get(`${app!.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.body.trim()).toMatch(expectBody);
      if (incomplete) {
        const made = await fetch(`${app!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(incomplete.body), signal: AbortSignal.timeout(10_000) });
        expect(made.status).toBe(400);
        expect(await made.text()).toMatch(incomplete.missing);
      }
    }, 240_000);
  }
});

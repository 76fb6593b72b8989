import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeProject, removeComposeProject } from '../adapters/docker/compose';
import { dockerForTests } from '../adapters/docker/docker.test-support';
import type { RepoValue, ServiceValue, WorkspaceValue } from '../../nodes/sdk';
import { get, template, templateHost, why } from './template-runs.test-support';

// The gallery's offline templates, each run whole on Docker with CI's local images, as a person
// would after opening it: no model, no key (IaC's database password is the one secret to create).
const docker = await dockerForTests(['postgres']);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe.skipIf(!docker)('the offline templates of the gallery, run whole', async () => {
  const t = await templateHost(docker, 'gallery');
  afterAll(() =>
    t.close(async (projectId) => {
      // compose-deploy's stack (app, database, its volume and network) is kept after a run, as a person wants.
      const name = composeProject({ projectId, nodeId: 'deploy' });
      await docker!.withEngine((d) => removeComposeProject(d, name)).catch(() => undefined);
      await docker!.docker.getImage(`${name}_app`).remove({ force: true }).catch(() => undefined);
      await docker!.docker.getVolume(`${name}_db-data`).remove().catch(() => undefined);
    }),
  );
  const runWhole = async (file: string, doc = template(file)) => {
    const run = await t.run(doc, t.project(doc));
    expect(run.summary.status, why(run.summary)).toBe('succeeded');
    return run;
  };
  const output = <T>(run: { summary: { nodes: Record<string, { outputs?: Record<string, unknown> }> } }, node: string, port: string) =>
    run.summary.nodes[node].outputs![port] as T;

  it('hello-shell: the command writes two files and the next one counts them', async () => {
    const run = await runWhole('hello-shell.json');
    expect(run.said('write')).toContain('Hello from Pipewright');
    expect(output<string>(run, 'count', 'stdout').trim()).toBe('2');
  });

  it('offline-node-api: the generated API passes its own tests', async () => {
    const run = await runWhole('offline-node-api.json');
    expect(output<number>(run, 'test', 'exitCode')).toBe(0);
    expect(readFileSync(join(output<WorkspaceValue>(run, 'generate', 'workspace').path, 'resources.json'), 'utf8')).toContain('members');
  });

  it('software-team: with no model the team composes the scaffolds; the web page and the API are in the workspace', async () => {
    const run = await runWhole('software-team.json');
    const folder = output<WorkspaceValue>(run, 'team', 'workspace').path;
    expect(readFileSync(join(folder, 'frontend', 'site', 'index.html'), 'utf8')).toContain('<h1>Book Club</h1>');
    expect(existsSync(join(folder, 'Dockerfile'))).toBe(true);
  }, 180_000);

  it('blueprint-to-deploy: code, tests, a commit, and the app answering on its link', async () => {
    const run = await runWhole('blueprint-to-deploy.json');
    expect(output<number>(run, 'test', 'exitCode')).toBe(0);
    expect(output<RepoValue>(run, 'repo', 'repo')).toMatchObject({ branch: 'main', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const app = await get(output<ServiceValue>(run, 'deploy', 'service').url);
    expect(app.status).toBe(200);
    expect(JSON.parse(app.body)).toMatchObject({ resources: [{ name: 'books' }, { name: 'members' }] });
  }, 120_000);

  it('api-from-blueprint: the building block hands out the tested project for the blueprint it is given', async () => {
    const doc = template('api-from-blueprint.json');
    const run = await t.run(doc, t.project(doc), { blueprint: '# Seed library\n\n## Resources\n- seeds (name, season)\n' });
    expect(run.summary.status, why(run.summary)).toBe('succeeded');
    const folder = (run.summary.outputs.workspace as WorkspaceValue).path;
    expect(readFileSync(join(folder, 'resources.json'), 'utf8')).toContain('seeds');
    expect(run.summary.outputs.report).toMatchObject({ mode: 'offline' });
  });

  it('meta-pipeline: the building block runs once per blueprint inside it, and both apps answer', async () => {
    const run = await runWhole('meta-pipeline.json');
    expect(run.summary.nodes['library-api/test'].status).toBe('succeeded');
    expect(run.summary.nodes['garden-api/test'].status).toBe('succeeded');
    const library = await get(output<ServiceValue>(run, 'library-app', 'service').url);
    const garden = await get(output<ServiceValue>(run, 'garden-app', 'service').url);
    expect(JSON.parse(library.body)).toMatchObject({ resources: [{ name: 'books' }, { name: 'loans' }] });
    expect(JSON.parse(garden.body)).toMatchObject({ resources: [{ name: 'beds' }, { name: 'plants' }] });
  }, 180_000);

  it('ask-app: called with a blueprint, it answers with the running app', async () => {
    const doc = template('ask-app.json');
    const run = await t.run(doc, t.project(doc), { blueprint: '# Tool library\n\nLends tools to neighbours.\n\n## Resources\n- tools (name)\n\nStack: node-api\n' });
    expect(run.summary.status, why(run.summary)).toBe('succeeded');
    const app = run.summary.outputs.app as ServiceValue;
    expect(JSON.parse((await get(app.url)).body)).toMatchObject({ resources: [{ name: 'tools' }] });
  }, 120_000);

  // The one change: the app's port on this machine is a free one, where the template leaves the
  // language's own (8000), which another test or app may hold.
  it('iac-postgres: the API and its PostgreSQL come up with compose, /health reaching the database', async () => {
    t.host.store.secrets.set('DB_PASSWORD', `pw-${randomUUID()}`);
    const hostPort = await freePort();
    const run = await runWhole('iac-postgres.json', template('iac-postgres.json', (_doc, node) => void (node('infra').params.hostPort = hostPort)));
    const app = output<ServiceValue>(run, 'deploy', 'service');
    expect(app.url).toBe(`http://127.0.0.1:${hostPort}`);
    const health = await get(app.url, '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', database: 'reachable' });
    expect(existsSync(join(output<WorkspaceValue>(run, 'infra', 'workspace').path, 'compose.yaml'))).toBe(true);
  }, 240_000);
});

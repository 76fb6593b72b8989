import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../../nodes/build-deploy/runtime/test-apps.test-support';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { composeProject, removeComposeProject } from '../adapters/docker/compose';
import { dockerForTests, removeProject, testImage, testProject } from '../adapters/docker/docker.test-support';
import { openHost, type Host } from '../host';
import { startRun } from '../run-pipeline';
import { diagnoseRun } from '.';

// Real failures of a compose-deploy node (docker-compose on the local engine, local images, no
// build), run through the host and diagnosed from what the store kept, offline.
const docker = await dockerForTests();
const project = testProject('diagnose-compose');

const pipeline: Pipeline = {
  format: FORMAT,
  id: 'diagnose-compose',
  name: 'Diagnose compose',
  inputs: [{ name: 'app', type: 'workspace' }],
  nodes: [
    { id: 'app', kind: 'pipeline-input', params: { name: 'app', type: 'workspace' }, position: { x: 0, y: 0 } },
    { id: 'stack', kind: 'compose-deploy', params: { keep: false, healthTimeoutMs: 20_000 }, position: { x: 300, y: 0 } },
  ],
  edges: [{ id: 'e', from: { node: 'app', port: 'value' }, to: { node: 'stack', port: 'workspace' } }],
};

/** One service on the local Python image (nothing to build), `extra` lines added to it. */
const compose = (extra: string) => `services:\n  app:\n    image: ${testImage('python')}\n    init: true\n${extra}\n`;
const SERVE = '    command: ["python3", "-m", "http.server", "8000"]';

describe.skipIf(!docker)('diagnosing real compose-deploy failures', () => {
  let home: string;
  let host: Host;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pw-diagnose-compose-'));
    host = openHost({ home });
  });
  afterAll(async () => {
    await docker!.withEngine((d) => removeComposeProject(d, composeProject({ projectId: project, nodeId: 'stack' })));
    await removeProject(docker!, project);
    host?.close();
    await rm(home, { recursive: true, force: true });
  });

  async function failAndDiagnose(name: string, file: string) {
    const dir = await writeFiles(join(home, 'apps', name), { 'compose.yaml': file });
    const { runId, handle } = startRun(host, { doc: pipeline, projectId: project, inputs: { app: { path: dir } } });
    const summary = await handle.done;
    expect(summary.status, JSON.stringify(summary.nodes.stack)).toBe('failed');
    const result = await diagnoseRun(host.store, runId, undefined, { offline: true });
    expect(result.context.files.map((f) => f.path)).toContain('compose.yaml');
    return { ...result, said: `${result.context.error}\n${result.context.logTail}` };
  }

  it('secret not set: the database password the template names was never stored', async () => {
    const dir = await writeFiles(join(home, 'apps', 'secret'), { 'compose.yaml': compose(SERVE) });
    const doc: Pipeline = { ...pipeline, nodes: pipeline.nodes.map((n) => (n.id === 'stack' ? { ...n, params: { ...n.params, secret: 'DB_PASSWORD' } } : n)) };
    const { runId, handle } = startRun(host, { doc, projectId: project, inputs: { app: { path: dir } } });
    expect((await handle.done).status).toBe('failed');
    const { diagnosis, context } = await diagnoseRun(host.store, runId, undefined, { offline: true });
    expect(diagnosis, context.error).toMatchObject({ source: 'secret-not-set', fixInWorkspace: false });
    expect(diagnosis!.cause).toContain('"DB_PASSWORD"');
    expect(diagnosis!.fix).toContain('pipewright secret set DB_PASSWORD');
  });

  it('invalid file: a compose file the iac node refuses, and one compose-deploy refuses; the agent may fix both', async () => {
    const broken = 'services:\n  app:\n    image: shop\n    portz:\n      - "127.0.0.1:8000:8000"\n';
    const dir = await writeFiles(join(home, 'apps', 'invalid'), { 'compose.yaml': broken, 'requirements.txt': '\n', 'app.py': '' });
    const iac: Pipeline = {
      ...pipeline,
      id: 'diagnose-iac',
      nodes: [pipeline.nodes[0], { id: 'infra', kind: 'iac', params: { targets: ['compose'], services: [] }, position: { x: 300, y: 0 } }],
      edges: [{ id: 'e', from: { node: 'app', port: 'value' }, to: { node: 'infra', port: 'workspace' } }],
    };
    const run = startRun(host, { doc: iac, projectId: project, inputs: { app: { path: dir } } });
    expect((await run.handle.done).status).toBe('failed');
    const checked = await diagnoseRun(host.store, run.runId, undefined, { offline: true });
    expect(checked.diagnosis, checked.context.error).toMatchObject({ source: 'invalid-file', fixInWorkspace: true });
    expect(checked.diagnosis!.cause).toMatch(/^compose\.yaml \(line 4, field services\.app\.portz\) is not valid: /);

    const { diagnosis, said } = await failAndDiagnose('invalid-deploy', broken);
    expect(diagnosis, said).toMatchObject({ source: 'invalid-file', fixInWorkspace: true });
    expect(diagnosis!.cause).toMatch(/^compose\.yaml is not valid: .*portz/);
  });

  it('registry unreachable while compose builds the app: the error holds the text, not colour codes', async () => {
    const dir = await writeFiles(join(home, 'apps', 'build'), {
      'compose.yaml': 'services:\n  app:\n    build: .\n    ports: ["127.0.0.1::8000"]\n',
      Dockerfile: `FROM ${testImage('node')}\nWORKDIR /app\nRUN npm install --registry http://127.0.0.1:9/ --fetch-retries 0 left-pad\n`,
    });
    const { runId, handle } = startRun(host, { doc: pipeline, projectId: project, inputs: { app: { path: dir } } });
    expect((await handle.done).status).toBe('failed');
    const { diagnosis, context } = await diagnoseRun(host.store, runId, undefined, { offline: true });
    // eslint-disable-next-line no-control-regex -- an escape code is what must not be there
    expect(context.error).not.toMatch(/\x1b\[/);
    expect(context.error).toMatch(/^building the images of .*compose\.yaml failed: /);
    expect(diagnosis, context.error).toMatchObject({ source: 'registry-unreachable' });
  });

  it('port in use: the published port is held by another program; the fix points at the compose file', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const { diagnosis, said } = await failAndDiagnose('port', compose(`${SERVE}\n    ports: ["127.0.0.1:${port}:8000"]`));
      expect(diagnosis, said).toMatchObject({ source: 'port-in-use', fixInWorkspace: false });
      expect(diagnosis!.cause).toContain(String(port));
      expect(diagnosis!.fix).toContain('compose file');
    } finally {
      server.close();
    }
  });

  it('image not found: a service image no registry serves here', async () => {
    const { diagnosis, said } = await failAndDiagnose('image', 'services:\n  app:\n    image: pipewright-nowhere/no-such-db:1.0\n    ports: ["127.0.0.1::8000"]\n');
    expect(diagnosis, said).toMatchObject({ source: 'image-not-found', fixInWorkspace: false });
    expect(diagnosis!.cause).toContain('pipewright-nowhere/no-such-db');
  });

  it('command not found: a service command the image lacks', async () => {
    const { diagnosis, said } = await failAndDiagnose('command', compose('    command: ["uvicorn", "main:app"]\n    ports: ["127.0.0.1::8000"]'));
    expect(diagnosis, said).toMatchObject({ source: 'command-not-found', fixInWorkspace: true });
    expect(diagnosis!.cause).toContain('"uvicorn"');
  });

  it('health check: the app answers, but not on the path its healthcheck asks', async () => {
    const check = `    healthcheck:\n      test: ["CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]\n      interval: 1s\n      retries: 2`;
    const { diagnosis, said } = await failAndDiagnose('health', compose(`${SERVE}\n    ports: ["127.0.0.1::8000"]\n${check}`));
    expect(diagnosis, said).toMatchObject({ source: 'health-check-timed-out' });
    expect(diagnosis!.cause).toMatch(/answered, but not 2xx.*404/);
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../../main/adapters/pty/pty';
import { localServicesOf } from '../../../main/services';
import { Store } from '../../../main/store';
import { LABEL } from '../../../main/adapters/docker';
import {
  dockerForTests,
  projectContainers,
  projectImages,
  removeProject,
  testImage,
  testProject,
} from '../../../main/adapters/docker/docker.test-support';
import { NodeError, type CapabilityScope, type ServiceValue } from '../../sdk';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { buildDeployDefinition } from '../definition';
import { buildDeployRuntime } from '.';
import { nodeApp, pythonApp, staticSite, writeFiles } from './test-apps.test-support';

const docker = await dockerForTests();
const project = testProject('deploy-test');

let t: TestRunContext | undefined;
let store: Store | undefined;
afterEach(async () => {
  store?.close();
  store = undefined;
  await t?.dispose();
  t = undefined;
});

/** A context whose Docker scope labels everything with this file's project (cleaned up after). */
async function context(nodeId: string): Promise<TestRunContext> {
  t = await createTestRunContext({ pty: createPty(), nodeId });
  const tc = t;
  store = Store.open(join(tc.root, 'pipewright-home'));
  const scope: CapabilityScope = { projectId: project, nodeId, runId: 'test-run', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
  const caps = { docker: docker!.scoped(scope), services: localServicesOf(store).scoped(scope) };
  Object.defineProperty(tc.ctx, 'docker', { get: () => caps.docker });
  Object.defineProperty(tc.ctx, 'services', { get: () => caps.services });
  return tc;
}

function deploy(tc: TestRunContext, dir: string, params: Record<string, unknown> = {}) {
  return buildDeployRuntime.run({
    inputs: { workspace: { path: dir } },
    params: buildDeployDefinition.params.parse({ runtime: 'docker', ...params }),
    ctx: tc.ctx,
  });
}

const logText = (tc: TestRunContext) => tc.logs.map((l) => l.chunk).join('');
const bodyOf = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return `${res.status} ${await res.text()}`;
};

describe.skipIf(!docker)('build-deploy with Docker', () => {
  const client = docker!;
  afterAll(() => removeProject(client, project));

  it('deploys a Node app without a Dockerfile: writes one, builds, runs, answers on its URL', async () => {
    const tc = await context('node-app');
    const dir = await writeFiles(join(tc.root, 'node-app'), nodeApp('Hello from Node'));
    const out = await deploy(tc, dir);
    const service = out.service as ServiceValue;
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await bodyOf(service.url)).toBe('200 Hello from Node');
    expect(service.name).toBe(`pipewright-${project}-node-app`);
    expect(service.containerId).toMatch(/^[0-9a-f]{64}$/);
    expect(service.image).toBe(`pipewright/${project}-node-app:latest`);
    expect(out.workspace).toEqual({ path: dir });

    const dockerfile = await readFile(join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`FROM ${testImage('node')}\n`);
    expect(dockerfile).toContain('CMD ["node","server.js"]');
    expect(await readFile(join(dir, '.dockerignore'), 'utf8')).toContain('node_modules');
    expect(logText(tc)).toContain(`found a node app (package.json); wrote Dockerfile and .dockerignore into the workspace, based on ${testImage('node')}`);
    expect(logText(tc)).toMatch(/deployed in \d+\.\d\d s: build \d+\.\d\d s, start \d+\.\d\d s, healthy \d+\.\d\d s\n/);
  });

  it('reuses the running container when run again unchanged, and replaces it when the code changes', async () => {
    const tc = await context('reuse');
    const dir = await writeFiles(join(tc.root, 'reuse'), nodeApp('version one'));
    const first = (await deploy(tc, dir)).service as ServiceValue;

    const again = (await deploy(tc, dir)).service as ServiceValue;
    // The log says why, if it was replaced after all.
    expect(again.containerId, logText(tc)).toBe(first.containerId);
    expect(logText(tc)).toContain('(container reused)');
    expect(await bodyOf(again.url)).toBe('200 version one');

    await writeFiles(dir, { 'server.js': nodeApp('version two')['server.js'] });
    const changed = (await deploy(tc, dir)).service as ServiceValue;
    expect(changed.containerId).not.toBe(first.containerId);
    expect(changed.url).toBe(first.url);
    expect(await bodyOf(changed.url)).toBe('200 version two');
    const mine = (await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === 'reuse');
    expect(mine.map((c) => c.Id)).toEqual([changed.containerId]);
  });

  it('deploys a Python app without a Dockerfile', async () => {
    const tc = await context('py-app');
    const dir = await writeFiles(join(tc.root, 'py-app'), pythonApp('Hello from Python'));
    const service = (await deploy(tc, dir)).service as ServiceValue;
    expect(await bodyOf(service.url)).toBe('200 Hello from Python');
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toContain(`FROM ${testImage('python')}\n`);
    const info = await client.docker.getContainer(service.containerId!).inspect();
    expect(info.Config.User).toBe('10001');
  });

  it('deploys a static site', async () => {
    const tc = await context('site');
    const dir = await writeFiles(join(tc.root, 'site'), staticSite('Hello, static'));
    const service = (await deploy(tc, dir, { healthPath: '/about/' })).service as ServiceValue;
    expect(await bodyOf(service.url)).toContain('<h1>Hello, static</h1>');
  });

  it('uses an existing Dockerfile as it is', async () => {
    const tc = await context('own');
    const dir = await writeFiles(join(tc.root, 'own'), {
      ...nodeApp('from my own Dockerfile'),
      Dockerfile: `FROM ${testImage('node')}\nWORKDIR /srv\nCOPY server.js .\nUSER node\nEXPOSE 4000\nCMD ["node", "server.js"]\n`,
    });
    const before = await readFile(join(dir, 'Dockerfile'), 'utf8');
    const service = (await deploy(tc, dir)).service as ServiceValue;
    expect(await bodyOf(service.url)).toBe('200 from my own Dockerfile');
    expect(await readFile(join(dir, 'Dockerfile'), 'utf8')).toBe(before);
    expect(logText(tc)).toContain('using your Dockerfile as it is');
  });

  it('reports a broken app with the logs it printed, and leaves no container', async () => {
    const tc = await context('broken');
    const dir = await writeFiles(join(tc.root, 'broken'), {
      ...nodeApp('unused'),
      'server.js': "console.log('connecting to the database');\nthrow new Error('DATABASE_URL is not set');\n",
    });
    const error = await deploy(tc, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toMatch(/the app stopped before answering on \/: it exited with code 1$/);
    expect((error as NodeError).detail).toContain('connecting to the database');
    expect((error as NodeError).detail).toContain('Error: DATABASE_URL is not set');
    const mine = (await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === 'broken');
    expect(mine).toEqual([]);
  });

  it('cancelled mid-build, stops and leaves nothing of its own behind', async () => {
    const tc = await context('cancel');
    const dir = await writeFiles(join(tc.root, 'cancel'), {
      ...nodeApp('never'),
      Dockerfile: `FROM ${testImage('node')}\nRUN echo installing-dependencies && sleep 120\nCOPY . .\n`,
    });
    const running = deploy(tc, dir).catch((e: unknown) => e);
    while (!logText(tc).includes('Running in')) await new Promise((r) => setTimeout(r, 25));
    tc.controller.abort();
    expect(await running).toMatchObject({ name: 'AbortError' });
    const steps = (await client.docker.listContainers({ all: true })).filter((c) => c.Command.includes('installing-dependencies'));
    expect(steps).toEqual([]);
    expect((await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === 'cancel')).toEqual([]);
    expect((await projectImages(client, project)).filter((i) => i.RepoTags?.some((r) => r.includes('-cancel:')))).toEqual([]);
  });

  it('fails clearly when the workspace holds nothing it can build', async () => {
    const tc = await context('empty');
    const dir = await writeFiles(join(tc.root, 'empty'), { 'notes.md': 'todo' });
    const error = (await deploy(tc, dir).catch((e: unknown) => e)) as NodeError;
    expect(error.message).toBe(`no app found to build in ${dir}`);
    expect(error.detail).toContain('package.json (Node)');
  });

  it('passes env to the app without writing the values to the log', async () => {
    const tc = await context('env');
    const dir = await writeFiles(join(tc.root, 'env'), {
      ...nodeApp('unused'),
      'server.js': "require('http').createServer((q, s) => s.end('key ends ' + process.env.API_KEY.slice(-4))).listen(process.env.PORT);\n",
    });
    const service = (await deploy(tc, dir, { env: { API_KEY: 'sk-live-secret-9f3a' } })).service as ServiceValue;
    expect(await bodyOf(service.url)).toBe('200 key ends 9f3a');
    expect(logText(tc)).not.toContain('sk-live-secret');
  });
});

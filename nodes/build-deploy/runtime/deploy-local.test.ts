import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DockerClient } from '../../../main/adapters/docker';
import { createPty } from '../../../main/adapters/pty/pty';
import { localServicesOf, type LocalServices } from '../../../main/services';
import { Store } from '../../../main/store';
import { NodeError, type CapabilityScope, type ServiceValue } from '../../sdk';
import { createTestRunContext, isProcessRunning, type TestRunContext } from '../../test-context.test-support';
import { buildDeployDefinition } from '../definition';
import { buildDeployRuntime } from '.';
import { nodeApp, pythonApp, staticSite, writeFiles } from './test-apps.test-support';

/** A Docker host where nothing listens: what a machine without Docker looks like to the node. */
const noSocket = join(mkdtempSync(join(tmpdir(), 'pw-nodocker-')), 'docker.sock');
const noDocker = new DockerClient({ host: () => `unix://${noSocket}`, image: () => 'unused' });

let t: TestRunContext | undefined;
let store: Store | undefined;
let local: LocalServices;
afterEach(async () => {
  for (const s of (await local?.list()) ?? []) await local.stop(s.name);
  store?.close();
  store = undefined;
  await t?.dispose();
  t = undefined;
});

async function context(nodeId: string, runId = 'run-1'): Promise<TestRunContext> {
  t = await createTestRunContext({ pty: createPty(), nodeId });
  const tc = t;
  store = Store.open(join(tc.root, 'pipewright-home'));
  local = localServicesOf(store);
  const scope: CapabilityScope = { projectId: 'test-project', nodeId, runId, signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
  const caps = { docker: noDocker.scoped(scope), services: local.scoped(scope) };
  Object.defineProperty(tc.ctx, 'docker', { get: () => caps.docker });
  Object.defineProperty(tc.ctx, 'services', { get: () => caps.services });
  return tc;
}

function deploy(tc: TestRunContext, dir: string, params: Record<string, unknown> = {}) {
  return buildDeployRuntime.run({
    inputs: { workspace: { path: dir } },
    params: buildDeployDefinition.params.parse(params),
    ctx: tc.ctx,
  });
}

const logText = (tc: TestRunContext) => tc.logs.map((l) => l.chunk).join('');
const bodyOf = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return `${res.status} ${await res.text()}`;
};
const refused = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => false,
    () => true,
  );

describe('build-deploy without Docker', () => {
  it('runs the Node app as a local process, says it is unsandboxed, and lists it as a service', async () => {
    const tc = await context('web');
    const dir = await writeFiles(join(tc.root, 'web'), nodeApp('Hello from a local process'));
    const out = await deploy(tc, dir);
    const service = out.service as ServiceValue;
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await bodyOf(service.url)).toBe('200 Hello from a local process');
    expect(service.name).toBe('local-test-project-web');
    expect(logText(tc)).toContain(`running without Docker (no Docker engine answers at unix://${noSocket}`);
    expect(logText(tc)).toContain('UNSANDBOXED');
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);

    const [entry] = await local.list();
    expect(entry).toMatchObject({ name: 'local-test-project-web', url: service.url, keep: true, nodeId: 'web', running: true });
    expect(local.logs(entry.name, 10)).toContain('GET /');
    // What the app printed while it started went into the node's log too.
    expect(logText(tc)).toContain('listening');
    await local.stop(entry.name);
    expect(await refused(service.url)).toBe(true);
  });

  it('replaces the app it started before when run again, on the same URL', async () => {
    const tc = await context('again');
    const dir = await writeFiles(join(tc.root, 'again'), nodeApp('first'));
    const first = (await deploy(tc, dir)).service as ServiceValue;
    const [{ pid: firstPid }] = await local.list();
    await writeFiles(dir, { 'server.js': nodeApp('second')['server.js'] });
    const second = (await deploy(tc, dir)).service as ServiceValue;
    // A tab the person opened on the first keeps working: the same URL, now the new app.
    expect(second.url).toBe(first.url);
    expect(await bodyOf(second.url)).toBe('200 second');
    expect(isProcessRunning(firstPid)).toBe(false);
    expect(await local.list()).toHaveLength(1);
  });

  it('runs a Python app and a static site locally', async () => {
    const tc = await context('py');
    const py = await writeFiles(join(tc.root, 'py'), pythonApp('Hello from local Python'));
    const pyService = (await deploy(tc, py)).service as ServiceValue;
    expect(await bodyOf(pyService.url)).toBe('200 Hello from local Python');

    const site = await writeFiles(join(tc.root, 'site'), staticSite('Local static'));
    const siteService = (await deploy(tc, site, { runtime: 'local' })).service as ServiceValue;
    expect(await bodyOf(siteService.url)).toContain('<h1>Local static</h1>');
    expect(await bodyOf(`${siteService.url}/about/`)).toBe('200 <p>about</p>\n');
    expect((await fetch(`${siteService.url}/../../etc/passwd`)).status).toBe(404);
  });

  it('with keep off, holds the app only until its run ends', async () => {
    const tc = await context('temp', 'run-temp');
    const dir = await writeFiles(join(tc.root, 'temp'), nodeApp('temporary'));
    const service = (await deploy(tc, dir, { keep: false })).service as ServiceValue;
    expect((await local.list())[0]).toMatchObject({ keep: false, runId: 'run-temp' });
    expect(await local.releaseRun('run-temp')).toBe(1);
    expect(await refused(service.url)).toBe(true);
  });

  it('reports a broken app with what it printed, and stops it', async () => {
    const tc = await context('broken');
    const dir = await writeFiles(join(tc.root, 'broken'), {
      ...nodeApp('unused'),
      'server.js': "console.log('starting');\nprocess.exit(4);\n",
    });
    const error = (await deploy(tc, dir).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe('the app stopped before answering on /: it exited with code 4');
    expect(error.detail).toContain('starting');
    expect(await local.list()).toEqual([]);
  });

  it('shows a failed build step as a terminal would: the progress line as it ended, no escape codes', async () => {
    const tc = await context('bundle');
    const dir = await writeFiles(join(tc.root, 'bundle'), {
      'package.json': JSON.stringify({ name: 'bundle', version: '1.0.0', private: true, scripts: { build: 'node build.js', start: 'node server.js' } }),
      'build.js':
        "for (const p of [10, 50, 100]) process.stdout.write('\\rbundling ' + p + '%');\n" +
        "process.stdout.write('\\n\\x1b]0;bundler\\x07\\x1b[31merror\\x1b[0m src/app.js: unexpected token\\n');\n" +
        'process.exit(2);\n',
      'server.js': '',
    });
    const error = (await deploy(tc, dir).catch((e: unknown) => e)) as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toBe('`npm run build` exited with code 2');
    expect(error.detail).toContain('bundling 100%\nerror src/app.js: unexpected token');
    expect(error.detail).not.toMatch(/bundling 10%|bundling 50%/);
    expect(error.detail).not.toContain('\x1b');
    expect(logText(tc)).toContain('\x1b[31merror');
  });

  it('with runtime docker, fails saying where it looked for Docker and what else would work', async () => {
    const tc = await context('strict');
    const dir = await writeFiles(join(tc.root, 'strict'), nodeApp('unused'));
    const error = (await deploy(tc, dir, { runtime: 'docker' }).catch((e: unknown) => e)) as NodeError;
    expect(error.message).toContain(`runtime is docker, but no Docker engine answers at unix://${noSocket}`);
    expect(error.detail).toContain('set runtime to auto or local');
  });

  it("runs the app in backend/ when the workspace's Dockerfile builds it from there (the software team's layout)", async () => {
    const tc = await context('team-layout');
    const files = Object.fromEntries(Object.entries(nodeApp('hello from the backend')).map(([name, text]) => [`backend/${name}`, text]));
    const dir = await writeFiles(join(tc.root, 'team'), { Dockerfile: 'FROM node:20-slim\nCOPY backend/ ./\n', 'DESIGN.md': '# App\n', ...files });
    const out = await deploy(tc, dir, { keep: false });
    expect(await bodyOf((out.service as ServiceValue).url)).toBe('200 hello from the backend');
    expect(logText(tc)).toContain("the workspace's Dockerfile needs Docker: running the node app in backend/ instead");
  });

  it('explains that a Dockerfile alone needs Docker', async () => {
    const tc = await context('only-dockerfile');
    const dir = await writeFiles(join(tc.root, 'only'), { Dockerfile: 'FROM scratch\n' });
    const error = (await deploy(tc, dir).catch((e: unknown) => e)) as NodeError;
    expect(error.message).toMatch(/^this workspace has only a Dockerfile, which needs Docker \(no Docker engine answers/);
  });
});

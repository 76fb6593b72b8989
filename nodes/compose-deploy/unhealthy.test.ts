import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPty } from '../../main/adapters/pty/pty';
import { diagnoseOffline } from '../../main/diagnose';
import { composeProject, removeComposeProject } from '../../main/adapters/docker/compose';
import { dockerForTests, removeProject, testImage, testProject } from '../../main/adapters/docker/docker.test-support';
import { NodeError, type CapabilityScope } from '../sdk';
import { createTestRunContext, type TestRunContext } from '../test-context.test-support';
import { composeDeployDefinition } from './definition';
import { composeDeployRuntime } from './runtime';

// A stack that never becomes healthy fails with what the person needs to see first: the
// service's last healthcheck and the end of its log, whether the check reported it unhealthy
// or the stack ran out of time while the check was still starting.
const docker = await dockerForTests();
const project = testProject('compose-unhealthy');

let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

/** An app (the local Python image, nothing to build) that says where it listens and answers 404 everywhere. */
const APP = [
  'import sys',
  'from http.server import BaseHTTPRequestHandler, HTTPServer',
  'class H(BaseHTTPRequestHandler):',
  '    def do_GET(self):',
  '        self.send_response(404)',
  '        self.end_headers()',
  "print('orders api: listening on 8000, routes /orders only', flush=True)",
  "HTTPServer(('0.0.0.0', 8000), H).serve_forever()",
].join('\n');

function composeFile(healthcheck: string): string {
  return `services:
  app:
    image: ${testImage('python')}
    init: true
    command: ["python3", "/srv/app.py"]
    volumes: ["./app.py:/srv/app.py:ro"]
    ports: ["127.0.0.1::8000"]
    healthcheck:
      test: ["CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
${healthcheck}
`;
}

async function deploy(nodeId: string, compose: string, params: Record<string, unknown>): Promise<NodeError> {
  t = await createTestRunContext({ pty: createPty(), nodeId });
  const tc = t;
  const scope: CapabilityScope = { projectId: project, nodeId, runId: 'run-1', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
  const scoped = docker!.scoped(scope);
  Object.defineProperty(tc.ctx, 'docker', { get: () => scoped, configurable: true });
  const dir = join(tc.root, 'app');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'app.py'), APP);
  await writeFile(join(dir, 'compose.yaml'), compose);
  const error = await composeDeployRuntime
    .run({ inputs: { workspace: { path: dir } }, params: composeDeployDefinition.params.parse({ keep: false, ...params }), ctx: tc.ctx })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe('compose-deploy: a compose file outside the workspace', () => {
  it.each(['../outside/compose.yaml', '/etc/compose.yaml', 'link/compose.yaml'])('refuses file %s, naming the param', async (name) => {
    t = await createTestRunContext({ pty: createPty(), nodeId: 'outside' });
    const dir = join(t.root, 'app');
    await mkdir(join(t.root, 'outside'), { recursive: true });
    await writeFile(join(t.root, 'outside', 'compose.yaml'), composeFile('      interval: 1s'));
    await mkdir(dir, { recursive: true });
    await symlink(join(t.root, 'outside'), join(dir, 'link'));
    const error = await composeDeployRuntime
      .run({ inputs: { workspace: { path: dir } }, params: composeDeployDefinition.params.parse({ file: name }), ctx: t.ctx })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toBe(`param file names ${JSON.stringify(name)}, which is outside the workspace`);
  });
});

describe.skipIf(!docker)('compose-deploy: a stack that never becomes healthy', () => {
  afterAll(async () => {
    for (const node of ['unhealthy', 'slow', 'restarting']) await docker!.withEngine((d) => removeComposeProject(d, composeProject({ projectId: project, nodeId: node })));
    await removeProject(docker!, project);
  });

  it('reported unhealthy: names the service, its last check, and shows the end of its log; the stack is taken down', async () => {
    const error = await deploy('unhealthy', composeFile('      interval: 1s\n      timeout: 3s\n      retries: 2'), { healthTimeoutMs: 90_000 });
    expect(error.message).toMatch(/^service app of .*compose\.yaml did not come up: its healthcheck reports it unhealthy \(last check: exit 1: .*HTTP Error 404: Not Found\)$/);
    expect(error.detail).toContain('--- app (unhealthy), last check: exit 1');
    expect(error.detail).toContain('orders api: listening on 8000, routes /orders only');
    // Diagnosed from what the node said: the app answers, but not on the path its check asks.
    const diagnosis = diagnoseOffline({ runId: 'r', nodeId: 'unhealthy', kind: 'compose-deploy', error: `${error.message}\n${error.detail}`, logTail: '', params: {}, files: [] });
    expect(diagnosis).toMatchObject({ source: 'health-check-timed-out', cause: expect.stringContaining('answered, but not 2xx') });
    const left = await docker!.docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${composeProject({ projectId: project, nodeId: 'unhealthy' })}`] } });
    expect(left).toEqual([]);
  }, 120_000);

  it('crashing under restart: unless-stopped: says so at once, with its exit code and its log', async () => {
    const crashing = `services:\n  app:\n    image: ${testImage('python')}\n    restart: unless-stopped\n    command: ["python3", "-c", "print('missing DATABASE_URL', flush=True); raise SystemExit(3)"]\n    ports: ["127.0.0.1::8000"]\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 30s\n`;
    const error = await deploy('restarting', crashing, { healthTimeoutMs: 90_000 });
    expect(error.message).toMatch(/^service app of .*compose\.yaml did not come up: it exited with code 3 and Docker keeps restarting it$/);
    expect(error.detail).toContain('missing DATABASE_URL');
  }, 120_000);

  it('still starting when its time is up: the same, for each service still waited for', async () => {
    const error = await deploy('slow', composeFile('      interval: 2s\n      timeout: 3s\n      retries: 100\n      start_period: 300s'), { healthTimeoutMs: 8000 });
    expect(error.message).toMatch(/was not healthy in 8 s: still waiting for app \(starting, last check: exit 1: .*HTTP Error 404: Not Found\)$/);
    expect(error.detail).toContain('--- app (starting), last check: exit 1');
    expect(error.detail).toContain('orders api: listening on 8000, routes /orders only');
    expect(error.detail).toContain('give it longer with healthTimeoutMs');
  }, 120_000);
});

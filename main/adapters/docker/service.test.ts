import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeError } from '../../../nodes/sdk';
import { LABEL } from './labels';
import { dockerForTests, projectContainers, removeProject, testImage, testProject, testScope } from './docker.test-support';

const docker = await dockerForTests();
const project = testProject('service-test');

const SERVER = `require('http').createServer((q, s) => s.end('up as ' + process.getuid() + ' ' + (process.env.GREETING || ''))).listen(process.env.PORT)`;

describe.skipIf(!docker)('DockerApi.runService', () => {
  const client = docker!;
  let context: string;
  let image: string;

  beforeAll(async () => {
    context = await mkdtemp(join(tmpdir(), 'pw-service-'));
    await writeFile(join(context, 'server.js'), SERVER);
    await writeFile(
      join(context, 'Dockerfile'),
      `FROM ${testImage('node')}\nCOPY server.js /app/server.js\nUSER node\nCMD ["node", "/app/server.js"]\n`,
    );
    image = (await client.scoped(testScope(project, 'image').scope).build({ context })).tag;
  });
  afterAll(async () => {
    await removeProject(client, project);
    await rm(context, { recursive: true, force: true });
  });

  it('starts a sandboxed container on 127.0.0.1, labelled with its owner and configuration', async () => {
    const t = testScope(project, 'web');
    const svc = await client.scoped(t.scope).runService({
      name: 'web',
      image,
      containerPort: 3000,
      env: { GREETING: 'hello' },
      keep: true,
    });
    expect(svc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(svc.url)).text()).toBe('up as 1000 hello');

    const info = await client.docker.getContainer(svc.containerId).inspect();
    const host = info.HostConfig;
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.SecurityOpt).toEqual(['no-new-privileges']);
    expect(host.Memory).toBe(1024 ** 3);
    expect(host.MemorySwap).toBe(1024 ** 3);
    expect(host.NanoCpus).toBeGreaterThan(0);
    expect(host.PidsLimit).toBe(512);
    expect(host.Privileged).toBe(false);
    expect(host.PortBindings?.['3000/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: '' }]);
    expect(info.NetworkSettings.Ports['3000/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: String(svc.hostPort) }]);
    expect(info.Config.User).toBe('node');
    expect(info.Config.Env).toContain('PORT=3000');
    expect(info.Config.Labels).toMatchObject({
      [LABEL.project]: project,
      [LABEL.node]: 'web',
      [LABEL.run]: t.scope.runId,
      [LABEL.role]: 'service',
      [LABEL.keep]: 'true',
      [LABEL.config]: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it('reuses the running container for the same configuration and replaces it on a change', async () => {
    const api = client.scoped(testScope(project, 'reuse').scope);
    const first = await api.runService({ name: 'reuse', image, containerPort: 3000, keep: true });
    const again = await api.runService({ name: 'reuse', image, containerPort: 3000, keep: true });
    expect(again).toMatchObject({ containerId: first.containerId, reused: true, url: first.url });

    const changed = await api.runService({ name: 'reuse', image, containerPort: 3000, keep: true, env: { GREETING: 'v2' } });
    expect(changed.reused).toBe(false);
    expect(changed.containerId).not.toBe(first.containerId);
    expect(changed.url).toBe(first.url);
    expect(await (await fetch(changed.url)).text()).toBe('up as 1000 v2');
    const left = await projectContainers(client, project);
    expect(left.filter((c) => c.Labels[LABEL.node] === 'reuse').map((c) => c.Id)).toEqual([changed.containerId]);
  });

  it('replaces a container that stopped, even with the same configuration', async () => {
    const api = client.scoped(testScope(project, 'revive').scope);
    const first = await api.runService({ name: 'revive', image, containerPort: 3000, keep: true });
    await client.docker.getContainer(first.containerId).stop({ t: 1 });
    const t = testScope(project, 'revive');
    const second = await client.scoped(t.scope).runService({ name: 'revive', image, containerPort: 3000, keep: true });
    expect(second.reused).toBe(false);
    expect(t.text()).toContain('replacing pipewright-');
    expect(await (await fetch(second.url)).text()).toContain('up as');
  });

  it('serves on the port asked for, and says so when another program holds it', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const api = client.scoped(testScope(project, 'fixed').scope);
      const error = await api.runService({ name: 'fixed', image, containerPort: 3000, hostPort: taken, keep: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NodeError);
      expect((error as Error).message).toBe(
        `port ${taken} on 127.0.0.1 is already in use by another program; choose another port, or leave it empty for a free one`,
      );
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    const api = client.scoped(testScope(project, 'fixed').scope);
    const svc = await api.runService({ name: 'fixed', image, containerPort: 3000, hostPort: taken, keep: true });
    expect(svc.url).toBe(`http://127.0.0.1:${taken}`);
  });

  it('fails with the last log lines when the app exits before answering, and removes it', async () => {
    const api = client.scoped(testScope(project, 'crash').scope);
    const error = await api
      .runService({ name: 'crash', image, containerPort: 3000, keep: true, env: { PORT_IGNORED: '1' }, command: ['node', '-e', 'console.error("fatal: DATABASE_URL is not set"); process.exit(2)'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toMatch(/the app stopped before answering on \/: it exited with code 2$/);
    expect((error as NodeError).detail).toContain('fatal: DATABASE_URL is not set');
    const left = await projectContainers(client, project);
    expect(left.filter((c) => c.Labels[LABEL.node] === 'crash')).toEqual([]);
  });

  it('fails when the app never answers 2xx on the health path within the timeout', async () => {
    const api = client.scoped(testScope(project, 'slow').scope);
    const error = await api
      .runService({ name: 'slow', image, containerPort: 3000, keep: true, healthPath: 'ready', healthTimeoutMs: 3000, command: ['node', '-e', `require('http').createServer((q, s) => { console.log('asked for ' + q.url); s.writeHead(503).end(); }).listen(process.env.PORT)`] })
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/did not answer 2xx on http:\/\/127\.0\.0\.1:\d+\/ready within 3 s \(last try: HTTP 503/);
    expect((error as NodeError).detail).toContain('asked for /ready');
  });

  it('removes what it started when cancelled while waiting for the app', async () => {
    const t = testScope(project, 'cancel');
    const starting = client
      .scoped(t.scope)
      .runService({ name: 'cancel', image, containerPort: 3000, keep: true, command: ['node', '-e', 'console.log("never listens"); setInterval(() => {}, 1000)'] })
      .catch((e: unknown) => e);
    while (!t.text().includes('waiting for')) await new Promise((r) => setTimeout(r, 20));
    t.controller.abort();
    expect(await starting).toMatchObject({ name: 'AbortError' });
    const left = await projectContainers(client, project);
    expect(left.filter((c) => c.Labels[LABEL.node] === 'cancel')).toEqual([]);
  });
});

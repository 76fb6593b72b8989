import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeError } from '../../../nodes/sdk';
import { LABEL } from './labels';
import { SERVICE_NETWORK } from './service-network';
import { dockerForTests, projectContainers, removeProject, testImage, testProject, testScope } from './docker.test-support';

// What model servers need from runService beyond what apps get, against the real engine.
const docker = await dockerForTests();
const project = testProject('model-service');

/** A Node one-liner as the container's command (the local node image has node and sh). */
const node = (script: string) => ['node', '-e', script];

describe.skipIf(!docker)('DockerApi.runService for model servers', () => {
  const client = docker!;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-model-service-'));
  });
  afterAll(async () => {
    await removeProject(client, project);
    await rm(dir, { recursive: true, force: true });
  });

  it('says when Docker cannot give GPUs, before pulling the image, leaving nothing behind', async () => {
    const t = testScope(project, 'gpu');
    const api = client.scoped(t.scope);
    const runtimes = Object.keys(((await client.docker.info()) as { Runtimes?: object }).Runtimes ?? {});
    const gpu = await api.gpuSupport();
    // The engine decides the right answer: CI machines have no NVIDIA runtime.
    if (runtimes.includes('nvidia')) {
      expect(gpu).toEqual({ ok: true });
      return;
    }
    expect(gpu).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Docker has no "nvidia" runtime \(it lists .*runc.*\), and it cannot start a container with GPUs: could not select device driver/),
    });
    const never = `pipewright-test/never-pulled-${randomUUID().slice(0, 8)}:1`;
    const error = await api.runService({ name: 'gpu', image: never, containerPort: 8000, keep: false, gpus: 'all' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toMatch(/^gpu needs NVIDIA GPUs, but Docker has no "nvidia" runtime/);
    expect((error as NodeError).detail).toContain('nvidia-ctk runtime configure --runtime=docker');
    expect(t.text()).not.toContain('pulling');
    expect(await client.docker.getImage(never).inspect().then(() => 'present', () => 'absent')).toBe('absent');
    expect(await client.docker.listContainers({ all: true, filters: { label: [`${LABEL.role}=probe`] } })).toEqual([]);
  });

  it('waits until the ready check accepts the body, sending its headers; streams the output with secrets blanked', async () => {
    const t = testScope(project, 'ready');
    const token = `hf_${randomUUID()}`;
    const server = `
      console.log('token is ' + process.env.HF_TOKEN);
      let loaded = false;
      [25, 50, 75, 100].forEach((p, i) => setTimeout(() => { console.log('Loading ' + p + '%'); loaded = p === 100; }, 300 * (i + 1)));
      require('http').createServer((q, s) => {
        if (q.headers.authorization !== 'Bearer key-1') return s.writeHead(401).end();
        s.end(JSON.stringify({ data: loaded ? [{ id: 'coder' }] : [] }));
      }).listen(process.env.PORT);
      console.error('on stderr too: ' + process.env.HF_TOKEN);`;
    const svc = await client.scoped(t.scope).runService({
      name: 'ready',
      image: testImage('node'),
      containerPort: 8000,
      keep: false,
      command: node(server),
      env: { HF_TOKEN: token },
      ready: {
        path: '/v1/models',
        headers: { authorization: 'Bearer key-1' },
        accept: (body) => (body.includes('"coder"') ? undefined : 'coder is not listed yet'),
      },
      streamLogs: true,
      redact: [{ name: 'HF_TOKEN_SECRET', value: token }],
    });
    const log = t.text();
    expect(log).toContain('token is [secret HF_TOKEN_SECRET]');
    expect(log).toContain('on stderr too: [secret HF_TOKEN_SECRET]');
    expect(log).not.toContain(token);
    // The app answered 2xx long before it listed the model: readiness waited for the listing.
    expect(log.indexOf('Loading 100%')).toBeGreaterThan(-1);
    expect(log.indexOf('Loading 100%')).toBeLessThan(log.indexOf('ready answered 200 on /v1/models'));
    expect(svc.healthyMs).toBeGreaterThanOrEqual(1000);
  });

  it('keeps a named volume across replacements and replaces the container when a bound file changes', async () => {
    const volume = `pw-test-${randomUUID().slice(0, 8)}`;
    const file = join(dir, 'config.txt');
    await writeFile(file, 'first config');
    const server = `
      const fs = require('fs');
      const n = Number(fs.existsSync('/data/starts') ? fs.readFileSync('/data/starts', 'utf8') : 0) + 1;
      fs.writeFileSync('/data/starts', String(n));
      require('http').createServer((q, s) => s.end(fs.readFileSync('/app/config.txt', 'utf8') + ' | start ' + n)).listen(process.env.PORT);`;
    const opts = {
      name: 'cache',
      image: testImage('node'),
      containerPort: 3000,
      keep: true,
      command: node(server),
      volumes: [{ name: volume, target: '/data' }],
      mounts: [{ source: file, target: '/app/config.txt', readOnly: true }],
      shmBytes: 256 * 1024 ** 2,
      limits: { memoryBytes: 0, cpus: 0, pids: 4096 },
    };
    const api = client.scoped(testScope(project, 'cache').scope);
    const first = await api.runService(opts);
    expect(await (await fetch(first.url)).text()).toBe('first config | start 1');
    expect((await api.runService(opts)).reused).toBe(true);

    await writeFile(file, 'second config');
    const second = await api.runService(opts);
    expect(second.reused).toBe(false);
    expect(await (await fetch(second.url)).text()).toBe('second config | start 2');

    const info = await client.docker.getContainer(second.containerId).inspect();
    expect(info.HostConfig).toMatchObject({ ShmSize: 256 * 1024 ** 2, Memory: 0, NanoCpus: 0, PidsLimit: 4096, CapDrop: ['ALL'] });
    expect(info.Mounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Type: 'volume', Name: volume, Destination: '/data' }),
        expect.objectContaining({ Type: 'bind', Source: file, Destination: '/app/config.txt', RW: false }),
      ]),
    );
    const made = await client.docker.getVolume(volume).inspect();
    expect(made.Labels).toEqual({ [LABEL.role]: 'cache', [LABEL.project]: project });
  });

  it('lets services reach each other by container name, whatever network they were started on', async () => {
    const echo = (who: string) => node(`require('http').createServer((q, s) => s.end('I am ${who}')).listen(process.env.PORT)`);
    const api = (nodeId: string) => client.scoped(testScope(project, nodeId).scope);
    const onNetwork = await api('a').runService({ name: 'a', image: testImage('node'), containerPort: 3000, keep: false, command: echo('a'), serviceNetwork: true });
    const plain = await api('b').runService({ name: 'b', image: testImage('node'), containerPort: 3001, keep: false, command: echo('b') });

    const toA = await api('router').urlFromServices(`${onNetwork.url}/v1`);
    const toB = await api('router').urlFromServices(plain.url);
    expect(toA).toEqual({ url: `http://${onNetwork.containerName}:3000/v1` });
    expect(toB).toEqual({ url: `http://${plain.containerName}:3001` });
    const joined = await client.docker.getContainer(plain.containerId).inspect();
    expect(Object.keys(joined.NetworkSettings.Networks)).toContain(SERVICE_NETWORK);

    const fetcher = `require('http').createServer(async (q, s) => {
        const out = [];
        for (const u of [process.env.TO_A, process.env.TO_B]) out.push(await (await fetch(u)).text());
        s.end(out.join(', '));
      }).listen(process.env.PORT)`;
    const router = await api('router').runService({
      name: 'router',
      image: testImage('node'),
      containerPort: 4000,
      keep: false,
      command: node(fetcher),
      env: { TO_A: toA.url, TO_B: toB.url },
      serviceNetwork: true,
    });
    expect(await (await fetch(router.url)).text()).toBe('I am a, I am b');
    const info = await client.docker.getContainer(router.containerId).inspect();
    expect(info.HostConfig.NetworkMode).toBe(SERVICE_NETWORK);
    expect(info.HostConfig.ExtraHosts).toEqual(['host.docker.internal:host-gateway']);

    const elsewhere = await api('router').urlFromServices('http://127.0.0.1:9/v1');
    expect(elsewhere.url).toBe('http://host.docker.internal:9/v1');
    expect(elsewhere.note).toContain('which works only when that server listens on all addresses');
    expect(await api('router').urlFromServices('https://api.openai.com/v1')).toEqual({ url: 'https://api.openai.com/v1' });
  });

  it('stops following the output and removes the container when cancelled while waiting', async () => {
    const t = testScope(project, 'cancel-follow');
    const starting = client
      .scoped(t.scope)
      .runService({
        name: 'cancel-follow',
        image: testImage('node'),
        containerPort: 3000,
        keep: true,
        command: node('setInterval(() => console.log("still loading"), 100)'),
        streamLogs: true,
      })
      .catch((e: unknown) => e);
    while (!t.text().includes('still loading')) await new Promise((r) => setTimeout(r, 20));
    t.controller.abort();
    expect(await starting).toMatchObject({ name: 'AbortError' });
    const lines = t.text().length;
    await new Promise((r) => setTimeout(r, 300));
    expect(t.text().length).toBe(lines);
    expect((await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === 'cancel-follow')).toEqual([]);
  });
});

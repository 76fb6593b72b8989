import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerClient, LABEL } from '../../../main/adapters/docker';
import { dockerForTests, removeProject, testImage, testProject, testScope } from '../../../main/adapters/docker/docker.test-support';
import { holdSwarm, startSecondEngine } from '../../../main/adapters/docker/second-engine.test-support';
import { listServices, serviceLogs, stopService } from '../../../main/services';
import { deployNode, get, refused } from './deploy-context.test-support';
import { commandRunner } from '../../sdk/node/commands';
import { nodeApp, writeFiles } from './test-apps.test-support';
import { modelServerContext } from '../../model-servers.test-support';
import { ollamaServerDefinition } from '../../ollama-server/definition';
import { ollamaServerRuntime } from '../../ollama-server/runtime';
import type { EndpointValue } from '../../sdk';

/*
 * Remote Docker engines and Docker Swarm against a real second engine: a dockerd in a network
 * namespace of its own on this machine, reached over TCP with TLS (see second-engine.sh). It
 * shares this machine's files, so a bind mount would work there by accident: every container
 * Pipewright makes on it is inspected and must have none.
 */

const local = await dockerForTests();
const engine = local ? await startSecondEngine('deploy', [testImage('node'), testImage('sandbox'), testImage('ollama')]) : undefined;
const remoteProject = testProject('remote');
const swarmProject = testProject('swarm');

/** The host's client with the second engine configured as "gpu-box", the engine of remoteProject. */
const client =
  engine &&
  new DockerClient({
    host: () => process.env.DOCKER_HOST,
    image: testImage,
    engines: () => ({ 'gpu-box': engine.address }),
    projectEngine: (projectId) => (projectId === remoteProject ? 'gpu-box' : undefined),
  });
const remote = () => client!.connection('gpu-box').docker;

/** Every container Pipewright created on the second engine, as inspected when it was created. */
const madeRemotely: { id: string; name: string; binds: string[]; bindMounts: string[] }[] = [];
let events: Readable | undefined;
let root = '';

beforeAll(async () => {
  if (!engine) return;
  root = await mkdtemp(join(tmpdir(), 'pw-remote-'));
  events = (await remote().getEvents({ filters: { type: ['container'], event: ['create'] } })) as unknown as Readable;
  events.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      const id = (JSON.parse(line) as { id: string }).id;
      void remote()
        .getContainer(id)
        .inspect()
        .then((info) => {
          if (!info.Config.Labels?.[LABEL.project]) return;
          madeRemotely.push({
            id: info.Id,
            name: info.Name,
            binds: info.HostConfig.Binds ?? [],
            bindMounts: (info.Mounts ?? []).filter((m) => m.Type === 'bind').map((m) => `${m.Source}:${m.Destination}`),
          });
        })
        .catch(() => undefined);
    }
  });
}, 120_000);

afterAll(async () => {
  events?.destroy();
  if (local) {
    // No swarmLeave here: the swarm test leaves in its own finally, while it holds the swarm;
    // leaving here could end another file's swarm, made since on this same engine.
    await removeProject(local, remoteProject);
    await removeProject(local, swarmProject);
  }
  await engine?.down();
  if (root) await rm(root, { recursive: true, force: true });
}, 120_000);

describe.skipIf(!engine)('a remote Docker engine (a second dockerd over TCP with TLS)', () => {
  it("Settings' Test button reports the engine with its certificates, and says why without them", async () => {
    const ok = await DockerClient.test(engine!.address);
    expect(ok).toMatchObject({ ok: true });
    expect((ok as { summary: string }).summary).toMatch(new RegExp(`Docker 20\\.10.*at tcp://${engine!.addr.replace(/\./g, '\\.')}:2376.*no swarm`));
    const bare = await DockerClient.test({ host: engine!.address.host });
    expect(bare.ok).toBe(false);
    expect((bare as { reason: string }).reason).toContain(`tcp://${engine!.addr}:2376`);
  });

  it("deploys an app on the project's engine: its URL is the engine's host, it answers from here, logs, reuse and stop work", async () => {
    const node = await deployNode({ projectId: remoteProject, nodeId: 'web', docker: client! });
    try {
      const dir = await writeFiles(join(root, 'app'), nodeApp('hello from the other engine'));
      const service = await node.deploy(dir, { runtime: 'docker' });
      expect(service.url).toMatch(new RegExp(`^http://${engine!.addr.replace(/\./g, '\\.')}:\\d+$`));
      expect(await get(`${service.url}/hi`)).toEqual({ status: 200, body: 'hello from the other engine' });
      // Built and run there, not here.
      expect(await local!.docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${remoteProject}`] } })).toEqual([]);
      expect(await remote().getContainer(service.containerId!).inspect()).toMatchObject({ State: { Running: true } });

      node.takeLog();
      const again = await node.deploy(dir, { runtime: 'docker' });
      expect(again.containerId).toBe(service.containerId);
      expect(node.takeLog()).toContain('reusing');

      const listed = (await listServices({ docker: client! }, { projectId: remoteProject })).services;
      expect(listed).toEqual([expect.objectContaining({ id: service.containerId, engine: 'gpu-box', url: service.url, status: 'running' })]);
      expect(await serviceLogs({ docker: client! }, service.containerId!, 20)).toContain('GET /hi');

      await stopService({ docker: client! }, service.name);
      expect(await refused(service.url)).toBe(true);
      expect((await listServices({ docker: client! }, { projectId: remoteProject })).services).toEqual([]);
    } finally {
      await node.dispose();
    }
  }, 120_000);

  it('runs a sandboxed command there on a copy of the workspace and brings back what it wrote', async () => {
    const ws = await mkdtemp(join(root, 'ws-'));
    await writeFile(join(ws, 'in.txt'), 'from this machine\n');
    await writeFile(join(ws, 'stale.txt'), 'the command deletes this\n');
    const t = testScope(remoteProject, 'coder');
    let output = '';
    const result = await client!.scoped(t.scope).runSandboxed({
      image: testImage('sandbox'),
      // The sleep lets the file's watcher inspect the container while it exists.
      command: 'sleep 1; tr a-z A-Z < in.txt > out.txt && mkdir -p gen && echo made > gen/file.txt && rm stale.txt && id -u && echo done',
      workspace: ws,
      onData: (c) => (output += c),
    });
    expect(result.exitCode).toBe(0);
    expect(output).toContain('done');
    expect(output).not.toMatch(/^0$/m);
    expect(await readFile(join(ws, 'out.txt'), 'utf8')).toBe('FROM THIS MACHINE\n');
    expect(await readFile(join(ws, 'gen/file.txt'), 'utf8')).toBe('made\n');
    expect((await readdir(ws)).sort()).toEqual(['gen', 'in.txt', 'out.txt']);
    // Copied, not bound (a bind would work here by accident: the engine shares this machine's files).
    expect(madeRemotely.filter((c) => (c.binds.length || c.bindMounts.length))).toEqual([]);
    expect(madeRemotely.length).toBeGreaterThan(0);
    // Nothing is left there: neither the container nor the volume the workspace was copied into.
    expect(await remote().listContainers({ all: true, filters: { label: [`${LABEL.project}=${remoteProject}`] } })).toEqual([]);
    const { Volumes } = await remote().listVolumes();
    expect(Volumes ?? []).toEqual([]);
  }, 60_000);

  it("runs the code generator's verify command there (npm test in the sandbox image) and brings back what the tests wrote", async () => {
    const node = await deployNode({ projectId: remoteProject, nodeId: 'coder', docker: client! });
    try {
      const ws = await writeFiles(join(root, 'verify'), {
        'package.json': JSON.stringify({ name: 'v', version: '1.0.0', private: true, scripts: { test: 'node --test' } }),
        'sum.test.js': "const { test } = require('node:test'); const fs = require('node:fs');\n" +
          "test('sums', () => { if (1 + 1 !== 2) throw new Error('bad'); fs.writeFileSync('report.txt', 'ran on ' + require('node:os').hostname()); });\n",
      });
      const t = testScope(remoteProject, 'coder');
      Object.defineProperty(node.tc.ctx, 'docker', { get: () => client!.scoped(t.scope), configurable: true });
      const runner = await commandRunner(node.tc.ctx, ws, false);
      expect(runner.sandboxed).toBe(true);
      const result = await runner.run('npm test', { timeoutMs: 60_000 });
      expect(result.exitCode).toBe(0);
      expect(result.output).toMatch(/pass 1/);
      // The file came back here; the hostname in it is a container's the other engine made.
      const report = await readFile(join(ws, 'report.txt'), 'utf8');
      expect(report).toMatch(/^ran on [0-9a-f]{12}$/);
      await expect.poll(() => madeRemotely.map((c) => c.id.slice(0, 12))).toContain(report.slice('ran on '.length));
    } finally {
      await node.dispose();
    }
  }, 60_000);

  it("a run's cancel removes what it started there", async () => {
    const ws = await mkdtemp(join(root, 'ws-'));
    const t = testScope(remoteProject, 'slow');
    const running = client!.scoped(t.scope).runSandboxed({ image: testImage('sandbox'), command: 'sleep 30', workspace: ws, signal: t.controller.signal });
    await expect.poll(async () => (await remote().listContainers({ filters: { label: [`${LABEL.project}=${remoteProject}`] } })).length, { timeout: 10_000 }).toBe(1);
    t.controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });

    const node = await deployNode({ projectId: remoteProject, nodeId: 'temp', docker: client! });
    try {
      const dir = await writeFiles(join(root, 'temp-app'), nodeApp('for this run only'));
      const service = await node.deploy(dir, { runtime: 'docker', keep: false });
      expect(await get(service.url)).toMatchObject({ status: 200 });
      expect(await client!.removeRunLeftovers('run-1')).toBe(1);
      expect(await refused(service.url)).toBe(true);
      expect(await remote().listContainers({ all: true, filters: { label: [`${LABEL.project}=${remoteProject}`] } })).toEqual([]);
    } finally {
      await node.dispose();
    }
  }, 120_000);

  it("a service's bound files are copied into its container there, and its image from this machine's engine when the other lacks it", async () => {
    const site = await mkdtemp(join(root, 'site-'));
    await writeFile(join(site, 'index.html'), 'served from a copied file\n');
    const t = testScope(remoteProject, 'files');
    expect(await remote().getImage(testImage('static')).inspect().then(() => true, () => false)).toBe(false);
    const service = await client!.scoped(t.scope).runService({
      name: 'files',
      image: testImage('static'),
      containerPort: 8080,
      command: ['httpd', '-f', '-p', '8080', '-h', '/www'],
      mounts: [{ source: join(site, 'index.html'), target: '/www/index.html', readOnly: true }],
      keep: false,
    });
    try {
      expect(service.url.startsWith(`http://${engine!.addr}:`)).toBe(true);
      expect(t.text()).toContain(`copied ${testImage('static')} from this machine's engine to gpu-box`);
      expect(await get(service.url)).toEqual({ status: 200, body: 'served from a copied file\n' });
    } finally {
      await client!.stop(service.containerId);
    }
  }, 60_000);

  it('runs a model server on the engine its node names (the GPU host), with its URL on that host', async () => {
    const modelProject = testProject('model-remote');
    const t = await modelServerContext(client!, { projectId: modelProject, nodeId: 'llm' });
    try {
      const params = ollamaServerDefinition.params.parse({
        engine: 'gpu-box',
        model: 'qwen2.5-coder:7b',
        image: testImage('ollama'),
        modelVolume: `pw-test-ollama-${modelProject}`.slice(0, 60),
      });
      const endpoint = (await ollamaServerRuntime.run({ inputs: {}, params, ctx: t.ctx })).endpoint as EndpointValue;
      expect(endpoint.baseUrl).toMatch(new RegExp(`^http://${engine!.addr.replace(/\./g, '\\.')}:\\d+/v1$`));
      expect((await get(`${endpoint.baseUrl}/models`)).status).toBe(200);
      // There, not here: this project has no engine of its own, the node named one.
      expect(await local!.docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${modelProject}`] } })).toEqual([]);
      expect(await remote().listContainers({ filters: { label: [`${LABEL.project}=${modelProject}`] } })).toHaveLength(1);
    } finally {
      for (const c of await remote().listContainers({ all: true, filters: { label: [`${LABEL.project}=${modelProject}`] } })) {
        await remote().getContainer(c.Id).remove({ force: true });
      }
      await t.dispose();
    }
  }, 120_000);

  it('nothing Pipewright ran on the remote engine had a bind mount', () => {
    // The deployed apps (3 starts, one reuse), the three sandboxed commands and the file server.
    expect(madeRemotely.length).toBeGreaterThanOrEqual(6);
    expect(madeRemotely.filter((c) => c.binds.length || c.bindMounts.length)).toEqual([]);
  });
});

describe.skipIf(!engine)('the swarm target (this engine as manager, the second one as worker)', () => {
  it('places 2 replicas one per node in host publish mode, heals on the manager when the worker dies, and stop removes it', async () => {
    const manager = local!.docker;
    // One swarm at a time on this engine: another test file may be using it.
    const release = await holdSwarm();
    const hadGateway = (await manager.listNetworks({ filters: { name: ['docker_gwbridge'] } })).length > 0;
    await manager.swarmInit({ ListenAddr: `${engine!.hostAddr}:2377`, AdvertiseAddr: engine!.hostAddr, ForceNewCluster: false });
    const node = await deployNode({ projectId: swarmProject, nodeId: 'web', docker: client! });
    try {
      const swarm = (await manager.swarmInspect()) as { JoinTokens: { Worker: string } };
      await remote().swarmJoin({ ListenAddr: `${engine!.addr}:2377`, AdvertiseAddr: engine!.addr, RemoteAddrs: [`${engine!.hostAddr}:2377`], JoinToken: swarm.JoinTokens.Worker });
      await expect.poll(async () => (await manager.listNodes()).filter((n: { Status?: { State?: string } }) => n.Status?.State === 'ready').length, { timeout: 20_000 }).toBe(2);

      const dir = await writeFiles(join(root, 'swarm-app'), nodeApp('hello from the swarm'));
      const service = await node.deploy(dir, { target: 'swarm', replicas: 2, publishMode: 'host' });
      const log = node.takeLog();
      expect(log).toContain('copied pipewright/'); // the image reached the worker without a registry
      const urls = [...log.matchAll(/answers on (http:\/\/[\d.]+:\d+)/g)].map((m) => m[1]);
      // One replica on each node, each answering on its node's address.
      expect(urls.map((u) => new URL(u).hostname).sort()).toEqual([engine!.hostAddr, engine!.addr].sort());
      for (const url of urls) expect(await get(url)).toEqual({ status: 200, body: 'hello from the swarm' });
      // Its replicas run with the sandbox defaults Swarm can express (no-new-privileges only from Docker 25).
      const [task] = await manager.listContainers({ filters: { label: [`com.docker.swarm.service.name=${service.name}`] } });
      expect((await manager.getContainer(task.Id).inspect()).HostConfig).toMatchObject({ CapDrop: ['ALL'], PidsLimit: 512, Memory: 1024 ** 3, Init: true });
      expect(urls).toContain(service.url);

      // Unchanged: reused. Changed code: the service is updated in place, on both nodes.
      expect((await node.deploy(dir, { target: 'swarm', replicas: 2, publishMode: 'host' })).url).toBe(service.url);
      expect(node.takeLog()).toContain('reusing swarm service');
      await writeFiles(dir, nodeApp('hello again from the swarm'));
      const updated = await node.deploy(dir, { target: 'swarm', replicas: 2, publishMode: 'host' });
      const updateLog = node.takeLog();
      expect(updateLog).toContain('its configuration changed');
      expect(updated.containerId).toBe(service.containerId);
      const newUrls = [...updateLog.matchAll(/answers on (http:\/\/[\d.]+:\d+)/g)].map((m) => m[1]);
      expect(newUrls.map((u) => new URL(u).hostname).sort()).toEqual([engine!.hostAddr, engine!.addr].sort());
      for (const url of newUrls) expect(await get(url)).toEqual({ status: 200, body: 'hello again from the swarm' });

      const listed = (await listServices({ docker: client! }, { projectId: swarmProject })).services;
      expect(listed).toEqual([expect.objectContaining({ name: service.name, engine: 'default', status: 'running' })]);
      expect(newUrls).toContain(listed[0].url);

      // The worker's machine goes away: Swarm puts both replicas on the manager.
      await engine!.kill();
      const self = ((await manager.info()) as { Swarm: { NodeID: string } }).Swarm.NodeID;
      const onManager = async () =>
        ((await manager.listTasks({ filters: { service: [service.name], 'desired-state': ['running'] } } as object)) as { NodeID: string; Status: { State: string } }[]).filter(
          (t) => t.NodeID === self && t.Status.State === 'running',
        ).length;
      await expect.poll(onManager, { timeout: 90_000, interval: 1000 }).toBe(2);

      await stopService({ docker: client! }, service.name);
      expect(await manager.listServices({ filters: { name: [service.name] } })).toEqual([]);
    } finally {
      await node.dispose();
      await manager.swarmLeave({ force: true }).catch(() => undefined);
      // Swarm leaves its gateway bridge behind; other tests get the plain engine they had.
      if (!hadGateway) await manager.getNetwork('docker_gwbridge').remove().catch(() => undefined);
      release();
    }
  }, 480_000);
});

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPty } from '../../main/adapters/pty/pty';
import { DockerClient, LABEL } from '../../main/adapters/docker';
import { STACK_LABEL } from '../../main/adapters/docker/compose-swarm';
import { dockerForTests, removeProject, testImage, testProject } from '../../main/adapters/docker/docker.test-support';
import { holdSwarm, startSecondEngine } from '../../main/adapters/docker/second-engine.test-support';
import { listServices, stopService } from '../../main/services';
import type { CapabilityScope } from '../sdk';
import { createTestRunContext, type TestRunContext } from '../test-context.test-support';
import { composeDeployDefinition } from './definition';
import { composeDeployRuntime } from './runtime';

/*
 * compose-deploy's swarm target on a real two-node swarm: this machine's engine as manager, a
 * second dockerd in a network namespace of its own (see second-engine.sh) joined as worker and
 * configured as engine "stackworker", so images built here can be copied to it.
 */

const local = await dockerForTests();
const engine = local ? await startSecondEngine('stack', []) : undefined;
const project = testProject('stack');
const client =
  engine && new DockerClient({ host: () => process.env.DOCKER_HOST, image: testImage, engines: () => ({ stackworker: engine.address }) });
let hadGateway = true;
let releaseSwarm: (() => void) | undefined;
let t: TestRunContext | undefined;

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

afterAll(async () => {
  await t?.dispose();
  if (engine) await client!.connection('stackworker').docker.swarmLeave({ force: true }).catch(() => undefined);
  if (local) {
    // Only while this file holds the swarm: otherwise the swarm on this engine is another file's.
    if (releaseSwarm) {
      await local.docker.swarmLeave({ force: true }).catch(() => undefined);
      // Swarm leaves its gateway bridge behind; other tests get the plain engine they had.
      if (!hadGateway) await local.docker.getNetwork('docker_gwbridge').remove().catch(() => undefined);
    }
    await removeProject(local, project);
  }
  releaseSwarm?.();
  await engine?.down();
}, 120_000);

async function makeSwarm(): Promise<void> {
  const manager = local!.docker;
  // One swarm at a time on this engine: test files run side by side. Released in afterAll.
  releaseSwarm = await holdSwarm();
  await expect.poll(async () => ((await manager.info()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState, { timeout: 120_000, interval: 1000 }).toBe('inactive');
  hadGateway = (await manager.listNetworks({ filters: { name: ['docker_gwbridge'] } })).length > 0;
  await manager.swarmInit({ ListenAddr: `${engine!.hostAddr}:2377`, AdvertiseAddr: engine!.hostAddr });
  const { JoinTokens } = (await manager.swarmInspect()) as { JoinTokens: { Worker: string } };
  await client!.connection('stackworker').docker.swarmJoin({ ListenAddr: `${engine!.addr}:2377`, AdvertiseAddr: engine!.addr, RemoteAddrs: [`${engine!.hostAddr}:2377`], JoinToken: JoinTokens.Worker });
  await expect.poll(async () => (await manager.listNodes()).filter((n: { Status?: { State?: string } }) => n.Status?.State === 'ready').length, { timeout: 20_000 }).toBe(2);
}

async function workspace(root: string, body: string): Promise<string> {
  const dir = join(root, 'stack');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'Dockerfile'), `FROM ${testImage('node')}\nCOPY server.js /srv/server.js\nCMD ["node", "/srv/server.js"]\n`);
  await writeFile(
    join(dir, 'server.js'),
    `require('node:http').createServer((req, res) => res.end(req.url === '/health' ? 'ok' : ${JSON.stringify(body)})).listen(3000);\n`,
  );
  await writeFile(
    join(dir, 'compose.yaml'),
    [
      'version: "3.8"',
      'services:',
      '  app:',
      '    build: .',
      '    ports: ["3000"]',
      '    deploy:',
      '      replicas: 1',
      '  files:',
      `    image: ${testImage('static')}`,
      '    command: ["sh", "-c", "mkdir -p /tmp/www && echo static files > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www"]',
      '    ports: ["8080"]',
      '',
    ].join('\n'),
  );
  return dir;
}

describe.skipIf(!engine)('compose-deploy with target swarm (this engine as manager, a second one as worker)', () => {
  it('deploys a two-service stack with 2 app replicas in host mode, one per node, reuses it unchanged, and stop removes the whole stack', async () => {
    await makeSwarm();
    t = await createTestRunContext({ pty: createPty(), nodeId: 'web' });
    const tc = t;
    const scope: CapabilityScope = { projectId: project, nodeId: 'web', runId: 'run-1', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
    Object.defineProperty(tc.ctx, 'docker', { get: () => client!.scoped(scope), configurable: true });
    const dir = await workspace(tc.root, 'hello from the stack');
    const params = composeDeployDefinition.params.parse({ target: 'swarm', publishMode: 'host', replicas: 2, healthPath: '/health', healthTimeoutMs: 60_000 });
    const deploy = () => composeDeployRuntime.run({ inputs: { workspace: { path: dir } }, params, ctx: tc.ctx });
    const logText = () => tc.logs.splice(0).map((l) => l.chunk).join('');

    const out = (await deploy()) as { service: { url: string }; services: { service: string; url: string | null; container: string }[] };
    const log = logText();
    expect(log).toContain('copied'); // the image built here reached the worker without a registry
    const appUrls = [...log.matchAll(/app: replica answers on (http:\/\/[\d.]+:\d+)/g)].map((m) => m[1]);
    // One app task on each node, each answering on its node's address.
    expect(appUrls.map((u) => new URL(u).hostname).sort()).toEqual([engine!.hostAddr, engine!.addr].sort());
    for (const url of appUrls) expect(await get(url)).toEqual({ status: 200, body: 'hello from the stack' });
    expect(appUrls).toContain(out.service.url);
    const files = out.services.find((s) => s.service === 'files')!;
    expect(await get(files.url!)).toEqual({ status: 200, body: 'static files\n' });

    // Unchanged: reused, same URL.
    expect(((await deploy()) as { service: { url: string } }).service.url).toBe(out.service.url);
    expect(logText()).toContain('reusing swarm stack');

    // Changed code: the app's tasks are replaced, on both nodes.
    await writeFile(join(dir, 'server.js'), (await readFile(join(dir, 'server.js'), 'utf8')).replace('hello from the stack', 'hello again'));
    const updated = (await deploy()) as typeof out;
    const updateLog = logText();
    expect(updateLog).toContain('its configuration changed');
    const newUrls = [...updateLog.matchAll(/app: replica answers on (http:\/\/[\d.]+:\d+)/g)].map((m) => m[1]);
    expect(newUrls.map((u) => new URL(u).hostname).sort()).toEqual([engine!.hostAddr, engine!.addr].sort());
    for (const url of newUrls) expect(await get(url)).toEqual({ status: 200, body: 'hello again' });
    expect(newUrls).toContain(updated.service.url);

    // Both services are listed like other swarm services; stopping one stops the stack.
    const listed = (await listServices({ docker: client! }, { projectId: project })).services;
    expect(listed.map((s) => s.name).sort()).toEqual(out.services.map((s) => s.container).sort());
    const app = listed.find((s) => s.name === out.services[0].container);
    expect(app).toMatchObject({ status: 'running', engine: 'default' });
    expect(newUrls).toContain(app!.url);
    await stopService({ docker: client! }, listed[0].name);
    expect((await listServices({ docker: client! }, { projectId: project })).services).toEqual([]);
    const manager = local!.docker;
    expect(await manager.listServices({ filters: { label: [`${LABEL.project}=${project}`] } } as object)).toEqual([]);
    expect(await manager.listNetworks({ filters: { label: [`${STACK_LABEL}`] } })).toEqual([]);
  }, 480_000);
});

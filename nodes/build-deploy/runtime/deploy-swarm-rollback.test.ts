import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerForTests, removeProject, testProject } from '../../../main/adapters/docker/docker.test-support';
import { holdSwarm } from '../../../main/adapters/docker/second-engine.test-support';
import { deployNode, get } from './deploy-context.test-support';
import { nodeApp, writeFiles } from './test-apps.test-support';

/*
 * The swarm target's update on change, when the change is broken: on a one-node swarm (this
 * engine as its manager), the service is rolled back to the version that served, not removed.
 */

const local = await dockerForTests();
const project = testProject('swarm-rollback');
let root = '';

afterAll(async () => {
  if (local) await removeProject(local, project);
  if (root) await rm(root, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!local)('a broken change to a swarm service', () => {
  it('is rolled back to the previous version, which keeps answering; the node fails saying so', async () => {
    const manager = local!.docker;
    const release = await holdSwarm();
    root = await mkdtemp(join(tmpdir(), 'pw-swarm-rollback-'));
    const node = await deployNode({ projectId: project, nodeId: 'web', docker: local! });
    const hadGateway = (await manager.listNetworks({ filters: { name: ['docker_gwbridge'] } })).length > 0;
    try {
      await expect.poll(async () => ((await manager.info()) as { Swarm: { LocalNodeState: string } }).Swarm.LocalNodeState, { timeout: 120_000, interval: 1000 }).toBe('inactive');
      await manager.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
      const params = { target: 'swarm', replicas: 1, publishMode: 'host', port: await freePort(), healthTimeoutMs: 20_000 };
      const dir = await writeFiles(join(root, 'app'), nodeApp('version 1'));
      const first = await node.deploy(dir, params);
      expect(await get(first.url)).toEqual({ status: 200, body: 'version 1' });

      // Version 2 exits at once: it never answers.
      await writeFiles(dir, { 'server.js': "console.error('version 2 crashes'); process.exit(1);\n" });
      await expect(node.deploy(dir, params)).rejects.toThrow(/did not become healthy within 20 s.*rolled back to the previous version, which still runs/);
      expect(node.takeLog()).toContain(`is rolled back to its previous version`);
      const [service] = await manager.listServices({ filters: { name: [first.name] } });
      expect(service?.ID).toBe(first.containerId);
      await expect.poll(async () => (await get(first.url).catch(() => undefined))?.body, { timeout: 60_000, interval: 1000 }).toBe('version 1');

      // Back to version 1's code: the rolled-back service is the same configuration, reused.
      await writeFiles(dir, nodeApp('version 1'));
      expect((await node.deploy(dir, params)).containerId).toBe(first.containerId);
      expect(node.takeLog()).toContain('reusing swarm service');

      // Each version runs from a tag of its own; a good change keeps it and the one before, no more.
      await writeFiles(dir, nodeApp('version 3'));
      const third = await node.deploy(dir, params);
      expect(await get(third.url)).toEqual({ status: 200, body: 'version 3' });
      const repo = third.image!.replace(/:[^:/]+$/, '');
      const versions = (await manager.listImages({ filters: { reference: [`${repo}:v-*`] } } as object)).flatMap((i) => i.RepoTags ?? []);
      expect(versions).toHaveLength(2);
      const [running] = await manager.listServices({ filters: { name: [first.name] } });
      expect(versions).toContain((running.Spec!.TaskTemplate as { ContainerSpec: { Image: string } }).ContainerSpec.Image);
    } finally {
      await node.dispose();
      await manager.swarmLeave({ force: true }).catch(() => undefined);
      if (!hadGateway) await manager.getNetwork('docker_gwbridge').remove().catch(() => undefined);
      release();
    }
  }, 300_000);
});

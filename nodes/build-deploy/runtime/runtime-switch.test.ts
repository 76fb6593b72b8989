import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LABEL } from '../../../main/adapters/docker';
import { dockerForTests, projectContainers, removeProject, testProject } from '../../../main/adapters/docker/docker.test-support';
import { isProcessRunning } from '../../test-context.test-support';
import { deployNode, get, refused, type DeployNode } from './deploy-context.test-support';
import { nodeApp, writeFiles } from './test-apps.test-support';

/*
 * One app per node: switching a build-deploy node between the local and the docker runtime
 * stops what the other runtime left running, with real processes and real Docker.
 */

const docker = await dockerForTests();
const project = testProject('runtime-switch');

let node: DeployNode | undefined;
afterEach(async () => {
  await node?.dispose();
  node = undefined;
});

describe.skipIf(!docker)('build-deploy switched between runtimes', () => {
  const client = docker!;
  afterAll(() => removeProject(client, project));
  const containersOf = async (nodeId: string) =>
    (await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === nodeId && c.Labels[LABEL.role] === 'service');

  it('local, then docker: the local process is gone; docker, then local: the container is gone', async () => {
    node = await deployNode({ projectId: project, nodeId: 'switch', docker: client });
    const dir = await writeFiles(join(node.tc.root, 'switch'), nodeApp('one app per node'));

    const local = await node.deploy(dir, { runtime: 'local' });
    expect(await get(local.url)).toEqual({ status: 200, body: 'one app per node' });
    const [{ pid }] = await node.local.list();
    node.takeLog();

    const container = await node.deploy(dir, { runtime: 'docker' });
    expect(await get(container.url)).toEqual({ status: 200, body: 'one app per node' });
    expect(isProcessRunning(pid)).toBe(false);
    expect(await refused(local.url)).toBe(true);
    expect(await node.local.list()).toEqual([]);
    expect(node.takeLog()).toContain(`stopped the local process this node ran without Docker (${local.url}): the app runs in a container now`);
    expect(await containersOf('switch')).toHaveLength(1);

    const again = await node.deploy(dir, { runtime: 'local' });
    expect(await get(again.url)).toEqual({ status: 200, body: 'one app per node' });
    expect(await containersOf('switch')).toEqual([]);
    expect(await refused(container.url)).toBe(true);
    expect(node.takeLog()).toContain('removed the container this node ran with Docker: the app runs as a local process now');
    expect((await node.local.list()).map((s) => s.running)).toEqual([true]);
  });

  it("leaves another node's container alone", async () => {
    const other = await deployNode({ projectId: project, nodeId: 'neighbour', docker: client });
    try {
      const neighbourDir = await writeFiles(join(other.tc.root, 'neighbour'), nodeApp('neighbour'));
      const neighbour = await other.deploy(neighbourDir, { runtime: 'docker' });

      node = await deployNode({ projectId: project, nodeId: 'mine', docker: client });
      const dir = await writeFiles(join(node.tc.root, 'mine'), nodeApp('mine'));
      await node.deploy(dir, { runtime: 'local' });
      expect(await get(neighbour.url)).toEqual({ status: 200, body: 'neighbour' });
      expect(await containersOf('neighbour')).toHaveLength(1);
    } finally {
      await other.dispose();
    }
  });
});

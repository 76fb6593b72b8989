import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DockerClient } from '../../../main/adapters/docker';
import { dockerForTests, removeProject, testProject } from '../../../main/adapters/docker/docker.test-support';
import { NodeError } from '../../sdk';
import { deployNode, get, type DeployNode } from './deploy-context.test-support';
import { staticServerNode } from './static-node';
import { staticSite, writeFiles } from './test-apps.test-support';

/*
 * A deployed static site serves the site: not the Dockerfile it was built with, nor the
 * workspace's dot files, whether it runs in a container (busybox httpd) or as a local process.
 */

const docker = await dockerForTests();
const project = testProject('static-site');
const noDocker = new DockerClient({ host: () => `unix://${join(tmpdir(), `pw-no-docker-${process.pid}.sock`)}`, image: () => 'unused' });

let node: DeployNode | undefined;
afterEach(async () => {
  await node?.dispose();
  node = undefined;
});

describe.skipIf(!docker)('a static site deployed with Docker', () => {
  afterAll(() => removeProject(docker!, project));

  it('serves the page, and neither the Dockerfile nor the .dockerignore it was built with', async () => {
    node = await deployNode({ projectId: project, nodeId: 'site', docker: docker! });
    const dir = await writeFiles(join(node.tc.root, 'site'), staticSite('Hello, static'));
    const service = await node.deploy(dir, { runtime: 'docker' });
    const page = await get(`${service.url}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Hello, static</h1>');
    expect((await get(`${service.url}/about/`)).body).toBe('<p>about</p>\n');
    expect((await get(`${service.url}/Dockerfile`)).status).toBe(404);
    expect((await get(`${service.url}/.dockerignore`)).status).toBe(404);
  });
});

describe('a static site deployed as a local process', () => {
  it('serves the page, and not the Dockerfile, .dockerignore, .env or .git the workspace holds', async () => {
    node = await deployNode({ projectId: project, nodeId: 'local-site', docker: noDocker });
    const dir = await writeFiles(join(node.tc.root, 'local-site'), {
      ...staticSite('Local static'),
      Dockerfile: 'FROM busybox\n',
      '.dockerignore': '.git\n',
      '.env': 'API_KEY=sk-do-not-serve\n',
      '.git/config': '[core]\n',
      '.well-known/security.txt': 'Contact: mailto:security@example.com\n',
    });
    await symlink(join(dir, '.env'), join(dir, 'env.txt'));
    const service = await node.deploy(dir, { runtime: 'local' });
    expect(await get(`${service.url}/`)).toMatchObject({ status: 200, body: expect.stringContaining('<h1>Local static</h1>') });
    for (const path of ['/Dockerfile', '/.dockerignore', '/.env', '/.git/config', '/env.txt']) {
      const res = await get(`${service.url}${path}`);
      expect({ path, status: res.status, leaked: res.body.includes('sk-do-not-serve') }).toEqual({ path, status: 404, leaked: false });
    }
    expect((await get(`${service.url}/.well-known/security.txt`)).status).toBe(200);
  });
});

describe('the Node that serves a static site without Docker', () => {
  let bin: string;
  afterAll(() => (bin ? rm(bin, { recursive: true, force: true }) : undefined));

  it('is the running Node under Node, and node from PATH inside the desktop app, whose binary cannot act as Node', async () => {
    expect(staticServerNode({ execPath: '/opt/node/bin/node', path: '', platform: 'linux' })).toBe('/opt/node/bin/node');

    bin = await mkdtemp(join(tmpdir(), 'pw-path-'));
    await symlink(process.execPath, join(bin, 'node'));
    const electron = { electron: '45.4.1', execPath: '/opt/Pipewright/pipewright', platform: 'linux' as const };
    expect(staticServerNode({ ...electron, path: ['/nonexistent', bin].join(':') })).toBe(join(bin, 'node'));

    const error = (() => {
      try {
        return staticServerNode({ ...electron, path: '/nonexistent' });
      } catch (err) {
        return err;
      }
    })() as NodeError;
    expect(error).toBeInstanceOf(NodeError);
    expect(error.message).toContain('there is no node on your PATH');
    expect(error.detail).toContain('start Docker');
  });
});

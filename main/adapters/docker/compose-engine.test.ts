import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerClient } from './client';
import { dockerForTests, projectContainers, removeProject, testImage, testProject, testScope } from './docker.test-support';

/*
 * The compose CLI runs against the engine docker.host names, as dockerode does: not against the
 * engine DOCKER_HOST (or the CLI's own context) names, which may be another one or none.
 */

const local = await dockerForTests();
const project = testProject('compose-engine');
const dir = mkdtempSync(join(tmpdir(), 'pw-compose-engine-'));
const realHost = process.env.DOCKER_HOST;

afterAll(async () => {
  if (realHost === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = realHost;
  if (local) await removeProject(local, project);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!local)('compose on the engine of docker.host', () => {
  const nowhere = `unix://${join(dir, 'no-engine.sock')}`;
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, `services:\n  files:\n    image: ${testImage('static')}\n    command: ["httpd", "-f", "-p", "8080", "-h", "/"]\n    ports: ["8080"]\n`);

  it('brings the stack up on the engine docker.host names while DOCKER_HOST names none', async () => {
    const engine = realHost || 'unix:///var/run/docker.sock';
    process.env.DOCKER_HOST = nowhere;
    try {
      const client = new DockerClient({ host: () => engine, image: testImage });
      const t = testScope(project, 'stack');
      const stack = await client.scoped(t.scope).composeUp({ file, name: 'stack', keep: false, healthTimeoutMs: 30_000 });
      expect(stack.services).toEqual([expect.objectContaining({ service: 'files', health: 'running' })]);
      expect((await projectContainers(client, project)).map((c) => c.State)).toEqual(["running"]);
    } finally {
      process.env.DOCKER_HOST = realHost ?? '';
      if (realHost === undefined) delete process.env.DOCKER_HOST;
      await removeProject(local!, project);
    }
  }, 120_000);

  it('says the engine of docker.host does not answer, naming it, before running compose', async () => {
    const client = new DockerClient({ host: () => nowhere, image: testImage });
    const t = testScope(project, 'stack');
    await expect(client.scoped(t.scope).composeUp({ file, name: 'stack', keep: false })).rejects.toThrow(`no Docker engine answers at ${nowhere}`);
  });
});

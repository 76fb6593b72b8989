import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeError } from '../../../nodes/sdk';
import { DockerClient } from './client';
import { dockerOptions } from './connection';
import { testScope } from './docker.test-support';

describe('dockerOptions', () => {
  it('reads unix sockets, tcp and ssh addresses, and names where it looks', () => {
    expect(dockerOptions('unix:///run/user/1000/docker.sock')).toMatchObject({
      options: { socketPath: '/run/user/1000/docker.sock', host: undefined },
      where: 'unix:///run/user/1000/docker.sock',
    });
    expect(dockerOptions('tcp://10.0.0.5:2375')).toMatchObject({
      options: { protocol: 'http', host: '10.0.0.5', port: '2375', socketPath: undefined },
      where: 'tcp://10.0.0.5:2375',
    });
    expect(dockerOptions('ssh://deploy@build-box')).toMatchObject({
      options: { protocol: 'ssh', host: 'build-box', username: 'deploy', port: 22 },
      where: 'ssh://deploy@build-box',
    });
  });

  it('refuses an address it cannot use, saying what would work', () => {
    expect(() => dockerOptions('ftp://somewhere')).toThrow(/uses ftp, which Pipewright cannot reach; use unix:\/\/, tcp:\/\/ or ssh:\/\//);
  });
});

describe('a Docker host where no engine answers', () => {
  const socket = join(mkdtempSync(join(tmpdir(), 'pw-nodocker-')), 'docker.sock');
  const client = new DockerClient({ host: () => `unix://${socket}`, image: () => 'unused' });

  it('is reported unavailable with where it looked and how to start Docker', async () => {
    const answer = await client.available();
    expect(answer.ok).toBe(false);
    const reason = (answer as { reason: string }).reason;
    expect(reason).toContain(`no Docker engine answers at unix://${socket}`);
    expect(reason).toMatch(/Start Docker .*or set docker\.host in settings \(or DOCKER_HOST\)/);
  });

  it('fails a node that needs it with the same explanation', async () => {
    const t = testScope('p', 'deploy');
    const error = await client
      .scoped(t.scope)
      .runService({ name: 'x', image: 'any', containerPort: 80, keep: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as Error).message).toContain(`no Docker engine answers at unix://${socket}`);
  });

  it('lists no services and says why', async () => {
    await expect(client.listServices()).rejects.toThrow(/no Docker engine answers/);
  });
});

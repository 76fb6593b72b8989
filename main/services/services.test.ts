import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FORMAT, type Pipeline, type ServiceValue } from '../../nodes/sdk';
import { isProcessRunning } from '../../nodes/test-context.test-support';
import { nodeApp, writeFiles } from '../../nodes/build-deploy/runtime/test-apps.test-support';
import { DockerClient, LABEL } from '../adapters/docker';
import { dockerForTests, projectContainers, removeProject, testImage, testProject } from '../adapters/docker/docker.test-support';
import { runCli } from '../cli/run-cli.test-support';
import type { EngineEvent } from '../engine/events';
import { openHost, type Host } from '../host';
import { Store } from '../store';
import { listServices, localServicesOf, serviceLogs, stopService } from '.';

const docker = await dockerForTests();
const project = testProject('services-test');

/** Two apps deployed side by side, one kept and one not, then a slow step that can be cancelled. */
function pipeline(waitSeconds: number): Pipeline {
  const at = { x: 0, y: 0 };
  return {
    format: FORMAT,
    // The project's main pipeline: its services are named by node alone.
    id: project,
    name: 'Two apps',
    inputs: [
      { name: 'keptApp', type: 'workspace' },
      { name: 'tempApp', type: 'workspace' },
    ],
    nodes: [
      { id: 'kept-src', kind: 'pipeline-input', params: { name: 'keptApp', type: 'workspace' }, position: at },
      { id: 'temp-src', kind: 'pipeline-input', params: { name: 'tempApp', type: 'workspace' }, position: at },
      { id: 'kept', kind: 'build-deploy', params: { runtime: 'docker', keep: true }, position: at },
      { id: 'temp', kind: 'build-deploy', params: { runtime: 'docker', keep: false }, position: at },
      { id: 'kept-done', kind: 'shell', params: { command: 'echo kept is up' }, position: at },
      { id: 'wait', kind: 'shell', params: { command: `echo waiting; sleep ${waitSeconds}` }, position: at },
    ],
    edges: [
      { id: 'e1', from: { node: 'kept-src', port: 'value' }, to: { node: 'kept', port: 'workspace' } },
      { id: 'e2', from: { node: 'temp-src', port: 'value' }, to: { node: 'temp', port: 'workspace' } },
      { id: 'e3', from: { node: 'temp', port: 'workspace' }, to: { node: 'wait', port: 'workspace' } },
      { id: 'e4', from: { node: 'kept', port: 'workspace' }, to: { node: 'kept-done', port: 'workspace' } },
      // wait starts once both apps are up: cancelling then hits a run with both deployed.
      { id: 'e5', from: { node: 'kept-done', port: 'stdout' }, to: { node: 'wait', port: 'input' } },
    ],
  };
}

describe.skipIf(!docker)('services of a run', () => {
  const client = docker!;
  let home: string;
  let host: Host;
  let apps: { keptApp: { path: string }; tempApp: { path: string } };

  beforeAll(async () => {
    testImage('node');
    home = await mkdtemp(join(tmpdir(), 'pw-services-'));
    host = openHost({ home });
    apps = {
      keptApp: { path: await writeFiles(join(home, 'apps', 'kept'), nodeApp('kept app')) },
      tempApp: { path: await writeFiles(join(home, 'apps', 'temp'), nodeApp('temporary app')) },
    };
  });
  afterAll(async () => {
    host.close();
    await removeProject(client, project);
    await rm(home, { recursive: true, force: true });
  });

  it('cancelling a run removes the containers it started except the services kept', async () => {
    const handle = host.engine.run(pipeline(60), {
      projectId: project,
      inputs: apps,
      onEvent: (e: EngineEvent) => {
        if (e.type === 'node-log' && e.nodeId === 'wait' && e.chunk.includes('waiting')) handle.cancel('test');
      },
    });
    const summary = await handle.done;
    expect(summary.status, JSON.stringify(summary.nodes)).toBe('cancelled');
    expect(summary.nodes.kept.status).toBe('succeeded');
    expect(summary.nodes.temp.status).toBe('succeeded');
    const left = await projectContainers(client, project);
    expect(left.map((c) => `${c.Labels[LABEL.node]} ${c.State}`)).toEqual(['kept running']);
  });

  it('a finished run leaves its kept services listed from Docker, and removes the others', async () => {
    const summary = await host.engine.run(pipeline(0), { projectId: project, inputs: apps }).done;
    expect(summary.status).toBe('succeeded');
    const kept = summary.nodes.kept.outputs!.service as ServiceValue;
    const temp = summary.nodes.temp.outputs!.service as ServiceValue;
    expect(await (await fetch(kept.url)).text()).toBe('kept app');
    await expect(fetch(temp.url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();

    // A fresh client, as after a restart: the list comes from Docker's labels alone.
    const fresh = new DockerClient({ host: () => process.env.DOCKER_HOST, image: testImage });
    const list = await listServices({ docker: fresh }, { projectId: project });
    expect(list.available).toBe(true);
    expect(list.services).toEqual([
      expect.objectContaining({ id: kept.containerId, name: kept.name, nodeId: 'kept', projectId: project, url: kept.url, status: 'running', kind: 'docker', keep: true }),
    ]);
    expect((await listServices({ docker: fresh }, { projectId: 'some-other-project' })).services).toEqual([]);
    expect(await serviceLogs({ docker: fresh }, kept.name, 50)).toContain('GET /');
  });

  it('the CLI lists a service, shows its logs and stops it', async () => {
    const [service] = (await listServices({ docker: client }, { projectId: project })).services;
    const listed = await runCli(['services', '--project', project], home);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^NAME\\s+STATUS\\s+URL\\s+PROJECT\\s+NODE\\s+STARTED\\n${service.name}\\s+running\\s+${service.url!.replace(/\./g, '\\.')}\\s+${project}\\s+kept\\s`));

    const logs = await runCli(['services', 'logs', service.name, '--tail', '5'], home);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('GET /');

    const stopped = await runCli(['services', 'stop', service.name], home);
    expect(stopped.stdout).toBe(`stopped and removed ${service.name}\n`);
    expect(await projectContainers(client, project)).toEqual([]);

    const again = await runCli(['services', 'stop', service.name], home);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no service named "${service.name}"`);
  });

  it('stopService refuses containers Pipewright did not start', async () => {
    const foreign = await client.docker.createContainer({ Image: testImage('static'), Cmd: ['true'], name: `not-pipewright-${project}` });
    try {
      await expect(stopService({ docker: client }, foreign.id)).rejects.toThrow(/no service named/);
    } finally {
      await foreign.remove({ force: true });
    }
  });
});

describe.skipIf(!docker)('services on several engines, some of which do not answer', () => {
  it('lists the engines that answer and names the others, asking them all at once', async () => {
    // Engines that accept a connection and never answer: each costs the ping's full timeout (3 s).
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const home = await mkdtemp(join(tmpdir(), 'pw-services-down-'));
    const host = openHost({ home });
    try {
      const engines = {
        refused: { host: 'tcp://127.0.0.1:1' },
        mute1: { host: `tcp://127.0.0.1:${port}` },
        mute2: { host: `tcp://localhost:${port}` },
        mute3: { host: `tcp://[::ffff:127.0.0.1]:${port}` },
      };
      const client = new DockerClient({ host: () => process.env.DOCKER_HOST, image: testImage, engines: () => engines });
      const began = Date.now();
      const list = await listServices({ docker: client });
      const took = Date.now() - began;
      expect(list.available).toBe(true);
      expect(list.down?.map((d) => d.engine)).toEqual(['refused', 'mute1', 'mute2', 'mute3']);
      expect(list.down?.[1].reason).toContain(`no Docker engine answers at tcp://127.0.0.1:${port} (no answer in 3 s)`);
      expect(list.reason).toContain('engine refused: no Docker engine answers at tcp://127.0.0.1:1');
      // One after another the three silent ones would take 9 s or more.
      expect(took).toBeLessThan(8000);

      // The CLI says the same on stderr, and lists what answered.
      host.store.settings.set('docker.engines', { refused: engines.refused });
      const cli = await runCli(['services'], home);
      expect(cli.code).toBe(0);
      expect(cli.stderr).toContain('pipewright: engine refused does not answer, so its services are not listed: no Docker engine answers at tcp://127.0.0.1:1');
    } finally {
      silent.close();
      host.close();
      await rm(home, { recursive: true, force: true });
    }
  }, 60_000);

  it('lists the services of an engine that answers when the default one does not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-default-down-'));
    const name = `pw-test-other-engine-${process.pid}`;
    const other = await docker!.docker.createContainer({
      Image: testImage('static'),
      Cmd: ['sleep', '60'],
      name,
      Labels: { [LABEL.project]: project, [LABEL.node]: 'elsewhere', [LABEL.role]: 'service', [LABEL.run]: 'r', [LABEL.keep]: 'true' },
    });
    try {
      const client = new DockerClient({
        host: () => `unix://${join(dir, 'docker.sock')}`,
        image: testImage,
        // This machine's engine under another name: what a reachable remote engine looks like here.
        engines: () => ({ other: { host: process.env.DOCKER_HOST || 'unix:///var/run/docker.sock' } }),
      });
      const list = await listServices({ docker: client }, { projectId: project });
      expect(list.available).toBe(false);
      expect(list.down?.map((d) => d.engine)).toEqual(['default']);
      expect(list.services).toEqual([expect.objectContaining({ name, engine: 'other', nodeId: 'elsewhere' })]);
    } finally {
      await other.remove({ force: true });
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('services without Docker', () => {
  it('lists local services and says why Docker ones are missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pw-nodocker-'));
    const store = Store.open(join(dir, 'home'));
    try {
      const none = new DockerClient({ host: () => `unix://${join(dir, 'docker.sock')}`, image: () => 'unused' });
      const local = localServicesOf(store);
      const scope = { projectId: 'p', nodeId: 'web', runId: 'r', signal: new AbortController().signal, log: () => undefined };
      const started = await local.scoped(scope).start({
        name: 'local-p-web',
        command: 'echo one; echo two; echo three; exec sleep 60',
        cwd: dir,
        url: 'http://127.0.0.1:5',
        keep: true,
      });
      const list = await listServices({ docker: none, local });
      expect(list.available).toBe(false);
      expect(list.reason).toContain(`no Docker engine answers at unix://${join(dir, 'docker.sock')}`);
      expect(list.services).toEqual([expect.objectContaining({ name: 'local-p-web', kind: 'local', status: 'running', url: 'http://127.0.0.1:5', keep: true })]);
      await vi.waitFor(async () => expect(await serviceLogs({ docker: none, local }, 'local-p-web', 2)).toBe('two\nthree'));
      await stopService({ docker: none, local }, 'local-p-web');
      expect(isProcessRunning(started.pid)).toBe(false);
      expect((await listServices({ docker: none, local })).services).toEqual([]);
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

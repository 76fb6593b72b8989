import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHost, type Host } from '../../../main/host';
import { listServices, serviceLogs, stopService } from '../../../main/services';
import { FORMAT, type Pipeline, type ServiceValue } from '../../sdk';
import { isProcessRunning } from '../../test-context.test-support';
import { toolsForTests } from './vscode.test-support';

const tools = toolsForTests({ chromium: false });
const projectId = 'vscode-host-test';

/** A blueprint and a folder into VS Code, as a person would wire them. */
const pipeline = (folder: string): Pipeline => ({
  format: FORMAT,
  // The project's main pipeline (its id is the project's), so the node's places carry its own id.
  id: projectId,
  name: 'IDE',
  inputs: [{ name: 'folder', type: 'workspace' }],
  nodes: [
    { id: 'src', kind: 'pipeline-input', params: { name: 'folder', type: 'workspace' }, position: { x: 0, y: 0 } },
    { id: 'plan', kind: 'text', params: { text: `# Notes app\nKeeps notes in ${folder}.` }, position: { x: 0, y: 100 } },
    { id: 'ide', kind: 'vscode-workspace', params: { runtime: 'local', assistant: 'none' }, position: { x: 300, y: 0 } },
  ],
  edges: [
    { id: 'e1', from: { node: 'src', port: 'value' }, to: { node: 'ide', port: 'workspace' } },
    { id: 'e2', from: { node: 'plan', port: 'text' }, to: { node: 'ide', port: 'blueprint' } },
  ],
});

describe.skipIf(!tools)('vscode-workspace in a run of the real host', () => {
  let home: string;
  let host: Host;
  let folder: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pw-vscode-host-'));
    host = openHost({ home });
    folder = join(home, 'notes');
    await mkdir(folder);
    await writeFile(join(folder, 'notes.md'), '- first\n');
  });

  afterAll(async () => {
    for (const s of await host.localServices.list(projectId)) await host.localServices.stop(s.name);
    host.close();
    await rm(home, { recursive: true, force: true });
  });

  const run = async () => {
    const summary = await host.engine.run(pipeline(folder), { projectId, inputs: { folder: { path: folder } } }).done;
    expect(summary.status, JSON.stringify(summary.nodes.ide)).toBe('succeeded');
    return summary.nodes.ide.outputs!.service as ServiceValue;
  };

  it('serves the folder, is listed in Services with its logs, reused by the next run, and stopped from Services', { timeout: 120_000 }, async () => {
    const service = await run();
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const [server] = await host.localServices.list(projectId);
    expect(server).toMatchObject({ url: service.url, running: true, nodeId: 'ide', keep: true });

    const listed = (await listServices({ docker: host.docker, local: host.localServices }, { projectId })).services;
    expect(listed).toEqual([expect.objectContaining({ name: service.name, url: service.url, kind: 'local', keep: true, nodeId: 'ide' })]);
    expect(await serviceLogs({ docker: host.docker, local: host.localServices }, service.name)).toContain('HTTP server listening on');

    const again = await run();
    expect(again.url).toBe(service.url);
    expect((await host.localServices.list(projectId)).map((s) => s.pid)).toEqual([server.pid]);

    await stopService({ docker: host.docker, local: host.localServices }, service.name);
    expect(isProcessRunning(server.pid)).toBe(false);
    expect(await host.localServices.list(projectId)).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../../main/adapters/docker';
import { dockerForTests, removeProject, testImage } from '../../../main/adapters/docker/docker.test-support';
import { createPty } from '../../../main/adapters/pty/pty';
import { scopedSecrets } from '../../../main/scoped-secrets';
import { localServicesOf, type LocalServices } from '../../../main/services';
import { Store } from '../../../main/store';
import type { CapabilityScope, ServiceValue } from '../../sdk';
import { createTestRunContext, isProcessRunning, type TestRunContext } from '../../test-context.test-support';
import { vscodeWorkspaceDefinition } from '../definition';
import { vscodeWorkspaceRuntime } from '.';
import { toolsForTests } from './vscode.test-support';

/*
 * One VS Code per node: switching a vscode-workspace node between its local runtime (a real
 * code-server process) and its docker runtime (the code-server image, real Docker) stops what
 * the other runtime left running.
 */

const tools = toolsForTests({ chromium: false });
const docker = tools ? await dockerForTests(['codeServer']) : undefined;
const projectId = `vscode-switch-${randomUUID().slice(0, 8)}`;

describe.skipIf(!tools || !docker)('vscode-workspace switched between runtimes', () => {
  const client = docker!;
  let dir: string;
  let ws: string;
  let store: Store;
  let services: LocalServices;
  let tc: TestRunContext;
  let runs = 0;

  async function run(runtime: 'local' | 'docker'): Promise<ServiceValue> {
    const scope: CapabilityScope = { runId: `run-${++runs}`, projectId, nodeId: 'ide', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
    Object.defineProperty(tc.ctx, 'docker', { get: () => client.scoped(scope), configurable: true });
    Object.defineProperty(tc.ctx, 'secrets', { get: () => scopedSecrets(store.secrets, scope), configurable: true });
    Object.defineProperty(tc.ctx, 'services', { get: () => services.scoped(scope), configurable: true });
    tc.logs.length = 0;
    const params = vscodeWorkspaceDefinition.params.parse({ runtime, assistant: 'none', image: testImage('codeServer') });
    const out = await vscodeWorkspaceRuntime.run({ inputs: { workspace: { path: ws } }, params, ctx: tc.ctx });
    return out.service as ServiceValue;
  }

  const logText = () => tc.logs.map((l) => l.chunk).join('');
  const containers = () => client.docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${projectId}`, `${LABEL.role}=service`] } });
  const healthy = async (url: string) => (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })).ok;
  const gone = (url: string) => fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(() => false, () => true);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipewright-vscode-switch-'));
    store = Store.open(join(dir, 'home'));
    services = localServicesOf(store);
    ws = join(dir, 'project');
    await mkdir(ws, { recursive: true });
    await writeFile(join(ws, 'README.md'), '# project\n');
    tc = await createTestRunContext({ pty: createPty(), nodeId: 'ide' });
    tc.ctx.projectId = projectId;
  });

  afterAll(async () => {
    for (const s of (await services?.list()) ?? []) await services.stop(s.name);
    if (client) await removeProject(client, projectId);
    store?.close();
    await tc?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('local, then docker: the code-server process is gone; docker, then local: the container is gone', { timeout: 240_000 }, async () => {
    const local = await run('local');
    expect(await healthy(local.url)).toBe(true);
    const [{ pid }] = await services.list(projectId);

    const container = await run('docker');
    expect(await healthy(container.url)).toBe(true);
    expect(isProcessRunning(pid)).toBe(false);
    expect(await gone(local.url)).toBe(true);
    expect(await services.list(projectId)).toEqual([]);
    expect(logText()).toContain(`stopped the VS Code this node ran as a local process (${local.url})`);
    expect((await containers()).map((c) => c.Id)).toEqual([container.containerId]);

    const back = await run('local');
    expect(await healthy(back.url)).toBe(true);
    expect(await containers()).toEqual([]);
    expect(await gone(container.url)).toBe(true);
    expect(logText()).toContain('removed the VS Code container this node ran with runtime docker');
  });
});

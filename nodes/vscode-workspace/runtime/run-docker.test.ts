import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DockerClient, LABEL } from '../../../main/adapters/docker';
import { removeProject, testImage } from '../../../main/adapters/docker/docker.test-support';
import { createPty } from '../../../main/adapters/pty/pty';
import { scopedSecrets } from '../../../main/scoped-secrets';
import { localServicesOf } from '../../../main/services';
import { Store } from '../../../main/store';
import { openBrowser } from '../../../e2e/support/browser';
import type { CapabilityScope, ServiceValue } from '../../sdk';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { vscodeWorkspaceDefinition } from '../definition';
import { vscodeWorkspaceRuntime } from '.';
import { passwordSecretName } from './password';
import { CHROMIUM, writeStandInVsix } from './vscode.test-support';

/*
 * The docker runtime for real: the node starts code-server from the locally built image
 * (.ci/images/build-code-server-image.sh) through the real Docker adapter, with the workspace
 * bound in; Chromium signs in with the password, sees the workspace and edits a file, which
 * lands in the folder on this machine, owned so the person can edit it.
 */

const IMAGE = testImage('codeServer');
const HOW_TO = 'start Docker (dockerd &), build the image with .ci/images/build-code-server-image.sh and install Chromium (apt-get install chromium)';

async function dockerWithImage(): Promise<DockerClient | undefined> {
  const client = new DockerClient({ host: () => process.env.DOCKER_HOST, image: testImage });
  const engine = await client.available();
  const hasImage = engine.ok && (await client.docker.getImage(IMAGE).inspect().then(() => true, () => false));
  const problem = !engine.ok ? engine.reason : !hasImage ? `the image ${IMAGE} is missing` : !existsSync(CHROMIUM) ? `Chromium is missing at ${CHROMIUM}` : undefined;
  if (!problem) return client;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`the vscode-workspace docker runtime test must run in CI, but ${problem}; ${HOW_TO}`);
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! SKIPPING the vscode-workspace docker runtime test: ${problem}\n!! To run it: ${HOW_TO}\n${bar}\n`);
  return undefined;
}

const client = await dockerWithImage();
const projectId = `vscode-docker-${randomUUID().slice(0, 8)}`;
const KEY = 'sk-test-docker-0123456789';
const ENDPOINT = { baseUrl: 'http://127.0.0.1:9/v1', model: 'codestral-stand-in', apiKeySecret: 'TEST_LLM_KEY' };
const BLUEPRINT = '# Todo API\nA REST API for todo items: list, add, complete.';
/** Who owns what VS Code writes: the person running the tests, or uid 1000 when that is root. */
const OWNER = process.getuid!() === 0 ? 1000 : process.getuid!();

describe.skipIf(!client)('vscode-workspace with code-server in a container (docker runtime)', () => {
  const docker = client!;
  let dir: string;
  let store: Store;
  let ws: string;
  let tc: TestRunContext;

  function context(runId: string): TestRunContext {
    const scope: CapabilityScope = { runId, projectId, nodeId: 'ide', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
    Object.defineProperty(tc.ctx, 'docker', { get: () => docker.scoped(scope), configurable: true });
    Object.defineProperty(tc.ctx, 'secrets', { get: () => scopedSecrets(store.secrets, scope), configurable: true });
    Object.defineProperty(tc.ctx, 'services', { get: () => localServicesOf(store).scoped(scope), configurable: true });
    tc.logs.length = 0;
    return tc;
  }

  async function run(runId: string, params: Record<string, unknown>, inputs: Record<string, unknown> = { workspace: { path: ws }, endpoint: ENDPOINT, blueprint: BLUEPRINT }) {
    const t = context(runId);
    const parsed = vscodeWorkspaceDefinition.params.parse({ runtime: 'docker', ...params });
    const out = await vscodeWorkspaceRuntime.run({ inputs, params: parsed, ctx: t.ctx });
    return out.service as ServiceValue;
  }

  const logText = () => tc.logs.map((l) => l.chunk).join('');
  const containers = () => docker.docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${projectId}`] } });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipewright-vscode-docker-'));
    store = Store.open(join(dir, 'home'));
    store.secrets.set(ENDPOINT.apiKeySecret, KEY);
    ws = join(dir, 'todo-api');
    await mkdir(join(ws, 'src'), { recursive: true });
    await writeFile(join(ws, 'src', 'app.js'), 'console.log("todo api");\n');
    await writeFile(join(ws, 'package.json'), '{ "name": "todo-api" }\n');
    await writeStandInVsix(join(dir, 'continue-stand-in-0.0.1.vsix'), 'continue-stand-in');
    tc = await createTestRunContext({ pty: createPty(), nodeId: 'ide' });
  });

  afterAll(async () => {
    await removeProject(docker, projectId);
    store?.close();
    await tc?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const params = () => ({ assistant: 'continue', extensions: [join(dir, 'continue-stand-in-0.0.1.vsix')] });

  it('serves the workspace behind its password from a sandboxed container, and what VS Code writes lands in the folder, owned by the person', { timeout: 240_000 }, async () => {
    const service = await run('run-1', params());
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.name).toBe(`pipewright-${projectId}-ide`);

    // The sandbox defaults, the person's user, the workspace bound in, the password only as a hash.
    const info = await docker.docker.getContainer(service.containerId!).inspect();
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    expect(info.HostConfig.SecurityOpt).toEqual(['no-new-privileges']);
    expect(info.NetworkSettings.Ports['8080/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: new URL(service.url).port }]);
    expect(info.Config.User).toBe(`${OWNER}:${process.getuid!() === 0 ? 1000 : process.getgid!()}`);
    expect(info.Mounts).toEqual(expect.arrayContaining([expect.objectContaining({ Type: 'bind', Source: ws, Destination: '/home/coder/project', RW: true })]));
    const password = store.secrets.get(passwordSecretName('test-project', 'ide'))!;
    expect(info.Config.Env.some((e) => e.startsWith('HASHED_PASSWORD='))).toBe(true);
    expect(JSON.stringify(info)).not.toContain(password);
    expect(JSON.stringify(info)).not.toContain(KEY);
    expect(logText()).not.toContain(password);
    expect(logText()).not.toContain(KEY);
    expect(logText()).toContain(`the secret ${passwordSecretName('test-project', 'ide')}`);

    // Continue, configured in code-server's home kept beside the workspace: the model as the container reaches it, the key only by reference.
    const home = join(tc.root, 'ide-code-server-docker', 'home');
    const config = await readFile(join(home, '.continue', 'config.yaml'), 'utf8');
    expect(config).toContain('apiBase: "http://host.docker.internal:9/v1"');
    expect(config).toContain(`model: "${ENDPOINT.model}"`);
    expect(config).not.toContain(KEY);
    expect((await stat(join(home, '.continue', '.env'))).mode & 0o777).toBe(0o600);
    // The stand-in .vsix, bound in read-only, was installed inside the container into that home.
    const installed = await readdir(join(home, '.local', 'share', 'code-server', 'extensions'));
    expect(installed.some((e) => e.startsWith('pipewright-test.continue-stand-in-0.0.1'))).toBe(true);
    expect(await readFile(join(ws, 'BLUEPRINT.md'), 'utf8')).toBe(`${BLUEPRINT}\n`);

    const browser = await openBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(service.url);
      await page.waitForURL(/\/login/);
      await page.locator('input[type="password"]').fill('not the password');
      await page.locator('input[type="password"]').press('Enter');
      await page.getByText(/incorrect password/i).waitFor({ timeout: 15_000 });
      await page.locator('input[type="password"]').fill(password);
      await page.locator('input[type="password"]').press('Enter');
      await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
      const explorer = page.getByRole('tree', { name: /Files Explorer/i });
      await explorer.getByRole('treeitem', { name: 'BLUEPRINT.md' }).waitFor({ timeout: 60_000 });
      await explorer.getByRole('treeitem', { name: 'package.json' }).waitFor();
      await explorer.getByRole('treeitem', { name: 'src' }).waitFor();

      // An edit in VS Code, saved: it is in the folder on this machine.
      await explorer.getByRole('treeitem', { name: 'BLUEPRINT.md' }).dblclick();
      const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
      await editor.getByText('A REST API for todo items').waitFor({ timeout: 30_000 });
      await editor.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.insertText('\nEdited in VS Code.');
      await page.keyboard.press('Control+S');
      await vi.waitFor(async () => expect(await readFile(join(ws, 'BLUEPRINT.md'), 'utf8')).toContain('Edited in VS Code.'), { timeout: 30_000 });
    } finally {
      await browser.close();
    }
    expect((await stat(join(ws, 'BLUEPRINT.md'))).uid).toBe(OWNER);

    // A file the container makes (as VS Code's terminal would) is the person's too.
    const exec = await docker.docker.getContainer(service.containerId!).exec({ Cmd: ['/bin/sh', '-c', 'echo made inside > /home/coder/project/src/inside.txt'] });
    await exec.start({});
    await vi.waitFor(async () => expect(await readFile(join(ws, 'src', 'inside.txt'), 'utf8')).toBe('made inside\n'));
    expect((await stat(join(ws, 'src', 'inside.txt'))).uid).toBe(OWNER);
  });

  it('is reused with the same configuration, replaced on the same port when it changes, and left to its run without keep', { timeout: 180_000 }, async () => {
    const first = await run('run-2', params());
    const again = await run('run-2b', params());
    expect(logText()).toContain('reusing VS Code');
    expect(again).toEqual(first);
    expect((await containers()).map((c) => c.Id)).toEqual([first.containerId]);

    // Another assistant: another container, on the same URL; the old one is gone.
    const other = await run('run-3', { assistant: 'none' });
    expect(other.url).toBe(first.url);
    expect(other.containerId).not.toBe(first.containerId);
    expect((await containers()).map((c) => c.Id)).toEqual([other.containerId]);
    // Settings and extensions outlive the container: the home beside the workspace is kept.
    expect(existsSync(join(tc.root, 'ide-code-server-docker', 'home', '.continue', 'config.yaml'))).toBe(true);

    // keep off: the end of its run removes it.
    const held = await run('run-4', { assistant: 'none', keep: false });
    expect(await docker.removeRunLeftovers('run-4')).toBe(1);
    await expect(fetch(`${held.url}/healthz`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    expect(await containers()).toEqual([]);
  });
});

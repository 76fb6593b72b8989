import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DockerClient } from '../../../main/adapters/docker';
import { createPty } from '../../../main/adapters/pty/pty';
import { scopedSecrets } from '../../../main/scoped-secrets';
import { localServicesOf, type LocalServices } from '../../../main/services';
import { pipewrightApi } from '../../../main/mcp/launch';
import { Store } from '../../../main/store';
import { openBrowser } from '../../../e2e/support/browser';
import type { ServiceValue } from '../../sdk';
import { readYaml } from '../../sdk/node/yaml-reader.test-support';
import { createTestRunContext, isProcessRunning, type TestRunContext } from '../../test-context.test-support';
import { vscodeWorkspaceDefinition } from '../definition';
import { vscodeWorkspaceRuntime } from '.';
import { passwordSecretName } from './password';
import { toolsForTests, writeStandInVsix } from './vscode.test-support';

const tools = toolsForTests({ chromium: true });
const KEY = 'sk-test-0123456789abcdef';
const ENDPOINT = { baseUrl: 'http://127.0.0.1:9/v1', model: 'codestral-stand-in', apiKeySecret: 'TEST_LLM_KEY' };
const BLUEPRINT = '# Todo API\nA REST API for todo items: list, add, complete.';

describe.skipIf(!tools)('vscode-workspace with a real code-server (local runtime)', () => {
  let dir: string;
  let store: Store;
  let services: LocalServices;
  let contexts: TestRunContext[] = [];

  async function context(nodeId: string, options: { services?: LocalServices; noSecretStore?: boolean } = {}) {
    const scope = { runId: 'test-run', projectId: 'test-project', nodeId, signal: new AbortController().signal, log: () => undefined };
    const tc = await createTestRunContext({
      pty: createPty(),
      nodeId,
      capabilities: {
        // ctx.secrets over a real encrypted store, unless the test is about a host without one.
        ...(options.noSecretStore ? {} : { secrets: scopedSecrets(store.secrets, { nodeId }) }),
        services: (options.services ?? services).scoped(scope),
        // This machine's engine, if any: a local VS Code removes a container the node ran before.
        docker: new DockerClient({ host: () => process.env.DOCKER_HOST, image: () => 'unused' }).scoped(scope),
        pipewright: pipewrightApi(join(dir, 'home'), 'test-project'),
      },
    });
    contexts.push(tc);
    return tc;
  }

  async function workspace(name: string): Promise<string> {
    const ws = join(dir, name);
    await mkdir(join(ws, 'src'), { recursive: true });
    await writeFile(join(ws, 'src', 'app.js'), 'console.log("todo api");\n');
    await writeFile(join(ws, 'package.json'), '{ "name": "todo-api" }\n');
    return ws;
  }

  async function run(tc: TestRunContext, inputs: Record<string, unknown>, params: Record<string, unknown>): Promise<ServiceValue> {
    const parsed = vscodeWorkspaceDefinition.params.parse({ runtime: 'local', ...params });
    const out = await vscodeWorkspaceRuntime.run({ inputs, params: parsed, ctx: tc.ctx });
    return out.service as ServiceValue;
  }

  const logText = (tc: TestRunContext) => tc.logs.map((l) => l.chunk).join('');
  /** The running servers recorded for a node: what any Pipewright process would find. */
  const serverPids = async (nodeId: string) =>
    (await services.list('test-project')).filter((s) => s.nodeId === nodeId && s.running).map((s) => s.pid);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipewright-vscode-'));
    store = Store.open(join(dir, 'home'));
    store.secrets.set(ENDPOINT.apiKeySecret, KEY);
    services = localServicesOf(store);
  });

  afterEach(async () => {
    for (const s of await services.list()) await services.stop(s.name);
    await Promise.all(contexts.map((c) => c.dispose()));
    contexts = [];
  });

  afterAll(async () => {
    store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the workspace in VS Code behind its password, with Continue wired to the endpoint', { timeout: 180_000 }, async () => {
    const ws = await workspace('continue-ws');
    const vsix = await writeStandInVsix(join(dir, 'continue-stand-in-0.0.1.vsix'), 'continue-stand-in');
    const tc = await context('vscode-continue');
    const service = await run(tc, { workspace: { path: ws }, endpoint: ENDPOINT, blueprint: BLUEPRINT }, { assistant: 'continue', extensions: [join(dir, 'continue-stand-in-0.0.1.vsix')] });
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // The assistant's configuration: endpoint and model for chat, edit and apply; the key only by reference.
    const home = join(tc.root, 'vscode-continue-code-server', 'home');
    const config = await readFile(join(home, '.continue', 'config.yaml'), 'utf8');
    expect(config).toContain(`apiBase: "${ENDPOINT.baseUrl}"`);
    expect(config).toContain(`model: "${ENDPOINT.model}"`);
    expect(readYaml(config)).toMatchObject({
      models: [{ roles: ['chat', 'edit', 'apply'], apiKey: '${{ secrets.PIPEWRIGHT_API_KEY }}' }],
    });
    expect(config).not.toContain(KEY);
    // Pipewright's own MCP server, scoped to the project over this data folder, for the assistant's agent mode.
    expect(readYaml(config)).toMatchObject({
      mcpServers: [{ name: 'pipewright', type: 'stdio', command: process.execPath, args: expect.arrayContaining(['mcp', '--project', 'test-project']), env: { PIPEWRIGHT_HOME: join(dir, 'home') } }],
    });
    const dotenv = join(home, '.continue', '.env');
    expect(await readFile(dotenv, 'utf8')).toBe(`PIPEWRIGHT_API_KEY='${KEY}'\n`);
    expect((await stat(dotenv)).mode & 0o777).toBe(0o600);
    // The blueprint in the workspace, and as a rule Continue always applies.
    expect(await readFile(join(ws, 'BLUEPRINT.md'), 'utf8')).toBe(`${BLUEPRINT}\n`);
    const rule = await readFile(join(ws, '.continue', 'rules', 'pipewright-blueprint.md'), 'utf8');
    expect(rule).toContain('alwaysApply: true');
    expect(rule).toContain('A REST API for todo items');
    // The .vsix named for the assistant stood in for it: nothing was fetched from Open VSX.
    const installed = await readdir(join(tc.root, 'vscode-continue-code-server', 'extensions'));
    expect(installed.some((e) => e.startsWith(`${vsix}-0.0.1`))).toBe(true);

    // The password is a secret; neither it nor the key shows in the log.
    const password = store.secrets.get(passwordSecretName('test-project', 'vscode-continue'))!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(logText(tc)).not.toContain(password);
    expect(logText(tc)).not.toContain(KEY);
    expect(logText(tc)).toContain(`the secret ${passwordSecretName('test-project', 'vscode-continue')}`);

    const browser = await openBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(service.url);
      await page.waitForURL(/\/login/);
      await page.locator('input[type="password"]').fill('not the password');
      await page.locator('input[type="password"]').press('Enter');
      await page.getByText(/incorrect password/i).waitFor({ timeout: 15_000 });
      expect(await page.locator('.monaco-workbench').count()).toBe(0);
      await page.locator('input[type="password"]').fill(password);
      await page.locator('input[type="password"]').press('Enter');
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      const explorer = page.getByRole('tree', { name: /Files Explorer/i });
      await explorer.getByRole('treeitem', { name: 'BLUEPRINT.md' }).waitFor({ timeout: 60_000 });
      await explorer.getByRole('treeitem', { name: 'package.json' }).waitFor();
      await explorer.getByRole('treeitem', { name: 'src' }).waitFor();
    } finally {
      await browser.close();
    }
  });

  it('outlives the run that started it, is reused by a later one, and replaced when its configuration changes', { timeout: 180_000 }, async () => {
    const ws = await workspace('kilo-ws');
    const nodeId = 'vscode-reuse';
    await writeStandInVsix(join(dir, 'kilo-code-stand-in-0.0.1.vsix'), 'kilo-code-stand-in');
    const params = { assistant: 'continue', extensions: [join(dir, 'continue-stand-in-0.0.1.vsix')] };
    await writeStandInVsix(join(dir, 'continue-stand-in-0.0.1.vsix'), 'continue-stand-in');
    const inputs = { workspace: { path: ws }, endpoint: ENDPOINT, blueprint: BLUEPRINT };

    const first = await run(await context(nodeId), inputs, params);
    const [pid] = await serverPids(nodeId);
    expect(pid).toBeGreaterThan(0);

    // Run again in the same Pipewright: the same server, listed once.
    const rerun = await run(await context(nodeId), inputs, params);
    expect(rerun.url).toBe(first.url);
    expect(await serverPids(nodeId)).toEqual([pid]);
    expect((await services.list()).map((s) => s.url)).toEqual([first.url]);

    // Another Pipewright process (a store of its own on the same data folder), same configuration: the same server.
    const elsewhere = Store.open(join(dir, 'home'));
    try {
      const later = await context(nodeId, { services: localServicesOf(elsewhere) });
      const again = await run(later, inputs, params);
      expect(again.url).toBe(first.url);
      expect(await serverPids(nodeId)).toEqual([pid]);
      expect(logText(later)).toContain('reusing VS Code');
    } finally {
      elsewhere.close();
    }

    // Kilo Code instead: a new server; the old one is gone.
    const kilo = await context(nodeId);
    const replaced = await run(kilo, inputs, { assistant: 'kilo-code', extensions: [join(dir, 'kilo-code-stand-in-0.0.1.vsix')] });
    expect(replaced.url).toBe(first.url);
    expect(isProcessRunning(pid)).toBe(false);
    const [newPid] = await serverPids(nodeId);
    expect(newPid).not.toBe(pid);
    const home = join(kilo.root, `${nodeId}-code-server`, 'home');
    const settingsFile = join(home, '.pipewright', 'kilo-code-settings.json');
    const settings = JSON.parse(await readFile(settingsFile, 'utf8'));
    const profile = settings.providerProfiles.apiConfigs[settings.providerProfiles.currentApiConfigName];
    expect(profile).toMatchObject({ apiProvider: 'openai', openAiBaseUrl: ENDPOINT.baseUrl, openAiModelId: ENDPOINT.model });
    // Kilo Code's import has no way to refer to a secret: the key is there, readable by its owner only.
    expect(profile.openAiApiKey).toBe(KEY);
    expect((await stat(settingsFile)).mode & 0o777).toBe(0o600);
    const userSettings = JSON.parse(await readFile(join(kilo.root, `${nodeId}-code-server`, 'data', 'User', 'settings.json'), 'utf8'));
    expect(userSettings['kilo-code.autoImportSettingsPath']).toBe(settingsFile);
    const launch = JSON.parse(await readFile(join(ws, '.kilocode', 'launchConfig.json'), 'utf8'));
    expect(launch.prompt).toContain('A REST API for todo items');
    expect(launch.profile).toBe(settings.providerProfiles.currentApiConfigName);
    // Continue's rule went with Continue; the blueprint stays.
    await expect(stat(join(ws, '.continue', 'rules', 'pipewright-blueprint.md'))).rejects.toThrow();
    expect(await readFile(join(ws, 'BLUEPRINT.md'), 'utf8')).toContain('Todo API');
  });

  it('without keep, stops when its run ends; on a host without a secret store, keeps the password in a private file', { timeout: 120_000 }, async () => {
    const ws = await workspace('held-ws');
    const tc = await context('vscode-held', { noSecretStore: true });
    const service = await run(tc, { workspace: { path: ws } }, { assistant: 'none', keep: false });
    const [pid] = await serverPids('vscode-held');

    const file = join(tc.root, 'vscode-held-code-server', 'password');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const password = await readFile(file, 'utf8');
    const wrong = await fetch(`${service.url}/login`, { method: 'POST', body: new URLSearchParams({ password: 'nope' }), redirect: 'manual' });
    expect(wrong.status).toBe(200); // the login page again
    const right = await fetch(`${service.url}/login`, { method: 'POST', body: new URLSearchParams({ password }), redirect: 'manual' });
    expect(right.status).toBe(302);
    expect(right.headers.get('set-cookie')).toMatch(/code-server-session=/);
    expect((await services.list()).map((s) => s.url)).toEqual([service.url]);

    expect(await services.releaseRun('test-run')).toBe(1);
    expect(isProcessRunning(pid)).toBe(false);
    expect(await serverPids('vscode-held')).toEqual([]);
  });

  it('fails naming the extensions that could not be installed, before anything starts', { timeout: 60_000 }, async () => {
    const ws = await workspace('bad-extension-ws');
    const tc = await context('vscode-bad-extension');
    const err = await run(tc, { workspace: { path: ws } }, { assistant: 'none', extensions: ['pipewright-test.does-not-exist'] }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^installing the extensions pipewright-test\.does-not-exist failed: check the ids on open-vsx\.org/);
    expect((err as { detail?: string }).detail).toMatch(/pipewright-test\.does-not-exist|open-vsx/i);
    expect(await serverPids('vscode-bad-extension')).toEqual([]);
  });

  it('leaves nothing running when the run is cancelled while code-server starts', { timeout: 60_000 }, async () => {
    const ws = await workspace('cancel-ws');
    const tc = await context('vscode-cancel');
    const started = run(tc, { workspace: { path: ws } }, { assistant: 'none' });
    // Cancel once the server has been launched and is being waited for.
    for (let i = 0; i < 400 && !logText(tc).includes('starting code-server'); i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 150));
    tc.controller.abort();
    await expect(started).rejects.toMatchObject({ name: 'AbortError' });
    expect(await serverPids('vscode-cancel')).toEqual([]);
    expect((await services.list()).filter((s) => s.nodeId === 'vscode-cancel')).toEqual([]);
  });
});

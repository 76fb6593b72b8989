import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStandInModel, type StandInModel } from '../main/adapters/llm/stand-in-model.test-support';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { createProject, dragFromPalette, eventually, node, waitSaved } from './support/editor';
import { callServe } from './support/api';

// Secrets, endpoints and the router as a newcomer meets them, in Chromium against the real
// `pipewright serve`. The model is the repo's stand-in (a real OpenAI-compatible HTTP server
// answering from a script, since no model runs here), reached by serve over HTTP.

const SECRET_VALUE = 'sk-e2e-never-shown-4711';
const SHOTS = process.env.PW_SHOTS ?? join(tmpdir(), 'shots-secrets');

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function importFile(page: Page, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import template…' }).click()]);
  await chooser.setFiles(file);
}

async function exportText(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
  return readFileSync(await download.path(), 'utf8');
}

async function openSettings(page: Page, tab: string) {
  await page.getByRole('button', { name: 'Settings' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: tab, exact: true }).click();
  return dialog;
}

/** Every value a person could read or copy from the page: its markup and what its fields hold. */
async function everythingOnThePage(page: Page): Promise<string> {
  const fields = await page.evaluate(() => [...document.querySelectorAll('input, textarea, select')].map((e) => (e as HTMLInputElement).value).join('\n'));
  return `${await page.content()}\n${fields}`;
}

describe.skipIf(!chromiumPresent())('secrets, endpoints and the router in a browser', () => {
  const session = useEditorSession();
  let page: Page;
  let model: StandInModel;
  const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-secrets-'));

  beforeAll(async () => {
    model = await startStandInModel({ models: ['stand-in-coder'], apiKey: SECRET_VALUE });
  });
  afterAll(() => model?.close());

  beforeEach(() => {
    page = session.page;
  });

  it('reviews an imported template (verify command, model download, unsandboxed step), then a missing secret is created from the node and never shown back', async () => {
    const template = {
      format: 'pipewright/2',
      id: 'coder-on-a-model',
      name: 'Coder on a model',
      nodes: [
        { id: 'blueprint', kind: 'text', params: { text: 'A todo API in Node' }, position: { x: 0, y: 0 } },
        { id: 'model', kind: 'llm-endpoint', params: { baseUrl: model.url, model: 'stand-in-coder', apiKeySecret: 'STAND_IN_KEY' }, position: { x: 0, y: 260 } },
        { id: 'gen', kind: 'code-generator', params: { mode: 'agent', verifyCommand: 'npm ci && npm test -- --grep todo' }, position: { x: 380, y: 100 } },
        { id: 'codestral', kind: 'vllm-server', params: { model: 'mistralai/Codestral-22B-v0.1' }, position: { x: 0, y: 520 } },
        { id: 'ide', kind: 'vscode-workspace', params: { runtime: 'local' }, position: { x: 760, y: 100 } },
      ],
      edges: [
        { id: 'e1', from: { node: 'blueprint', port: 'text' }, to: { node: 'gen', port: 'blueprint' } },
        { id: 'e2', from: { node: 'model', port: 'endpoint' }, to: { node: 'gen', port: 'endpoint' } },
        { id: 'e3', from: { node: 'gen', port: 'workspace' }, to: { node: 'ide', port: 'workspace' } },
      ],
    };
    const file = join(dir, 'coder.pipewright.json');
    writeFileSync(file, JSON.stringify(template));
    await importFile(page, file);

    // The review lists what will run, read from the kinds' flags.
    const review = page.getByRole('dialog', { name: /Review “Coder on a model”/ });
    await review.waitFor();
    const reviewed = (await review.textContent()) ?? '';
    expect(reviewed).toContain('npm ci && npm test -- --grep todo');
    expect(reviewed).toMatch(/model \(downloaded\)\s*mistralai\/Codestral-22B-v0\.1/);
    expect(reviewed).toContain('1 model download');
    expect(reviewed).toContain('Unsandboxed: VS Code workspace (ide): code-server runs as a process on this machine, unsandboxed, with the workspace open');
    expect(reviewed).toContain('secret STAND_IN_KEY');
    // Said once by kind of thing, before the node by node detail.
    const what = (await review.getByTestId('manifest-what').textContent()) ?? '';
    expect(what).toMatch(/Commands\s*npm ci && npm test -- --grep todo/);
    expect(what).toMatch(/Model downloads\s*mistralai\/Codestral-22B-v0\.1/);
    await shot(page, 'import-review');
    await review.getByRole('button', { name: 'Looks right' }).click();
    await review.waitFor({ state: 'detached' });

    // Before any run, the node naming a secret nobody stored says so, and so does Problems.
    const needs = node(page, 'model').getByTestId('node-needs');
    await eventually(async () => expect(await needs.textContent()).toBe('needs secret STAND_IN_KEY'));
    await eventually(async () => expect(await page.getByTestId('setup-problems').textContent()).toMatch(/LLM endpoint \(model\) needs the secret STAND_IN_KEY/));
    await expect(page.getByText('None: the pipeline can run.').count()).resolves.toBe(0);
    await shot(page, 'needs-secret');
    await page.emulateMedia({ colorScheme: 'light' });
    await shot(page, 'needs-secret-light');
    await page.emulateMedia({ colorScheme: 'dark' });

    // The inspector's picker creates it: the value typed once into a password field.
    await node(page, 'model').click();
    const picker = page.getByLabel('apiKeySecret secret');
    await expect(picker.inputValue()).resolves.toBe('STAND_IN_KEY');
    await picker.selectOption({ label: 'Create one here…' });
    const name = page.getByLabel('New secret name');
    await expect(name.inputValue()).resolves.toBe('STAND_IN_KEY');
    const value = page.getByLabel('New secret value');
    await expect(value.getAttribute('type')).resolves.toBe('password');
    await value.click();
    await page.keyboard.type(SECRET_VALUE);
    await shot(page, 'create-secret');
    await page.getByRole('button', { name: 'Save secret' }).click();
    await value.waitFor({ state: 'detached' });

    await eventually(async () => expect(await needs.count()).toBe(0));
    await shot(page, 'secret-created');
    await expect(picker.inputValue()).resolves.toBe('STAND_IN_KEY');
    expect(await everythingOnThePage(page)).not.toContain(SECRET_VALUE);

    await waitSaved(page);
    const exported = await exportText(page);
    expect(exported).toContain('STAND_IN_KEY');
    expect(exported).not.toContain(SECRET_VALUE);
    expect(session.errors).toEqual([]);
  });

  it('exports a pipeline whose shell node holds a pasted secret value with the secret named instead, and says so', async () => {
    await callServe(session.serve, [{ name: 'secrets.set', input: { name: 'PASTED_KEY', value: 'sk-e2e-pasted-0815' } }]);
    const template = {
      format: 'pipewright/2',
      id: 'pasted-key',
      name: 'Pasted key',
      nodes: [{ id: 'call', kind: 'shell', params: { command: 'curl -H "Authorization: Bearer $API_KEY" http://127.0.0.1:9/', env: { API_KEY: 'sk-e2e-pasted-0815' } }, position: { x: 0, y: 0 } }],
      edges: [],
    };
    const file = join(dir, 'pasted.pipewright.json');
    writeFileSync(file, JSON.stringify(template));
    await importFile(page, file);
    const review = page.getByRole('dialog', { name: /Review “Pasted key”/ });
    await review.getByRole('button', { name: 'Looks right' }).click();
    await review.waitFor({ state: 'detached' });
    await waitSaved(page);

    const exported = await exportText(page);
    expect(exported).not.toContain('sk-e2e-pasted-0815');
    expect(JSON.parse(exported).nodes[0].params.env).toEqual({ API_KEY: '[secret PASTED_KEY]' });
    const said = page.locator('.toast', { hasText: 'PASTED_KEY' });
    await eventually(async () => expect(await said.locator('.toast-text').textContent()).toBe(
      'The value of secret PASTED_KEY was in this pipeline\'s params: the file has "[secret PASTED_KEY]" in its place, so whoever imports it puts in their own.',
    ));
    await shot(page, 'export-pasted-secret');
    expect(session.errors).toEqual([]);
  });

  it('tests an endpoint against the stand-in and a dead URL, edits it in place, tests the Docker engine, and keeps a router table edit after a reload', async () => {
    // The key the endpoint will name, stored through Settings → Secrets.
    let dialog = await openSettings(page, 'Secrets');
    await dialog.getByLabel('Secret name').fill('STAND_IN_KEY');
    await dialog.getByLabel('Secret value').fill(SECRET_VALUE);
    await dialog.getByRole('button', { name: 'Save secret' }).click();
    await eventually(async () => expect(await dialog.getByLabel('Secret value').inputValue()).toBe(''));
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    await createProject(page, 'Needs a model');
    await dragFromPalette(page, 'code-generator', 300, 200);
    // A code generator asks a model; nothing is wired in and nothing is configured.
    const needs = node(page, 'code-generator').getByTestId('node-needs');
    await eventually(async () => expect(await needs.textContent()).toBe('no endpoint'));
    await shot(page, 'no-endpoint');

    dialog = await openSettings(page, 'LLM endpoints');
    await dialog.getByLabel('Endpoint name', { exact: true }).fill('stand-in');
    await dialog.getByLabel('Endpoint URL', { exact: true }).fill(model.url);
    await dialog.getByLabel('Endpoint model', { exact: true }).fill('stand-in-coder');
    await dialog.getByLabel('API key secret', { exact: true }).selectOption('STAND_IN_KEY');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.getByTestId('endpoint-stand-in').waitFor();

    await dialog.getByRole('button', { name: 'Test stand-in' }).click();
    const result = dialog.getByTestId('endpoint-test-stand-in');
    await eventually(async () => expect(await result.textContent()).toMatch(/^ ?OK: answers in \d+ ms and serves stand-in-coder \(1 model\)$/));
    await expect(result.getAttribute('data-ok')).resolves.toBe('true');
    expect(model.requests.some((r) => r.path === '/v1/models' && r.headers.authorization === `Bearer ${SECRET_VALUE}`)).toBe(true);
    await shot(page, 'endpoint-test-ok');

    // Edit in place: point it at a port nobody listens on, and the Test says so in plain words.
    const dead = `http://127.0.0.1:${await closedPort()}/v1`;
    await dialog.getByRole('button', { name: 'Edit stand-in' }).click();
    const url = dialog.getByLabel('stand-in Endpoint URL');
    await url.fill(dead);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByTestId('endpoint-stand-in').waitFor();
    await expect(dialog.getByTestId('endpoint-stand-in').textContent()).resolves.toContain(dead);
    await dialog.getByRole('button', { name: 'Test stand-in' }).click();
    await eventually(async () => expect(await result.getAttribute('data-ok')).toBe('false'));
    expect(await result.textContent()).toContain(`${dead} did not answer: could not connect (ECONNREFUSED); check that the server is running and reachable`);
    await shot(page, 'endpoint-test-dead');

    // The router table: code generation of complex jobs goes to stand-in.
    const cell = dialog.getByLabel('code generation, complex: endpoint 1');
    await cell.selectOption('stand-in');
    await eventually(async () => expect(await dialog.getByLabel('code generation, complex: endpoint 2').count()).toBe(1));
    await shot(page, 'router-table');
    await page.emulateMedia({ colorScheme: 'light' });
    await shot(page, 'router-table-light');
    await page.emulateMedia({ colorScheme: 'dark' });

    await dialog.getByRole('tab', { name: 'Docker', exact: true }).click();
    await dialog.getByRole('button', { name: 'Test the Docker engine' }).click();
    await eventually(async () => expect(await dialog.getByTestId('docker-test').textContent()).toMatch(/OK: Docker \S+ on .+ \d+ CPUs/), 30_000);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    // With an endpoint configured the router can answer: the badge is gone.
    await eventually(async () => expect(await needs.count()).toBe(0));

    await page.reload();
    await page.waitForSelector('.react-flow');
    dialog = await openSettings(page, 'LLM endpoints');
    await eventually(async () => expect(await dialog.getByLabel('code generation, complex: endpoint 1').inputValue()).toBe('stand-in'));
    expect(await dialog.getByLabel('code generation, medium: endpoint 1').inputValue()).toBe('');
    expect(session.errors).toEqual([]);
  });
});

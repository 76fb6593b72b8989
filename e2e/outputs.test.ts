import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dockerForTests, removeProject, useLocalImages } from '../main/adapters/docker/docker.test-support';
import type { DockerClient } from '../main/adapters/docker';
import { callServe } from './support/api';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { connect, createProject, dragFromPalette, eventually, handle, node, typeInCode, waitSaved } from './support/editor';

// What a node produced, read in the browser: JSON in three views, the files of a workspace with a
// read-only viewer and the changes since the previous run, links, and a deployed app's Open,
// Logs and Stop. Real `pipewright serve`, shell nodes under real ptys, the local Docker engine.

// The deployed app is built on CI's local images, which the spawned server must find.
useLocalImages();

const SHOTS = '/tmp/shots-e';
mkdirSync(SHOTS, { recursive: true });
async function shot(page: Page, name: string): Promise<void> {
  // After a theme switch, colours fade in: the picture waits for the transitions to end.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

async function runAll(page: Page, nth: number): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+Enter');
  await eventually(async () => expect(await page.getByRole('tab', { name: /Runs/ }).textContent()).toBe(`Runs${nth}`), 20_000);
  await eventually(async () => expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('succeeded'), 90_000);
}

async function inspect(page: Page, id: string): Promise<void> {
  await node(page, id).click({ position: { x: 20, y: 12 } });
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await page.getByTestId('node-outputs').waitFor();
}

const port = (page: Page, name: string) => page.getByTestId('node-outputs').locator(`.port-value[data-port="${name}"]`);

const URL_TEXT = 'http://127.0.0.1:8765/docs';
const command = (word: string) =>
  `mkdir -p src && echo ${word} > src/app.txt && echo kept > README.md && echo '[{"name":"adds","ok":true},{"name":"parses","ok":false,"error":"bad date"}]'`;

describe.skipIf(!chromiumPresent())('outputs in a browser', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(() => {
    page = session.page;
  });

  it("shows a node's JSON as a table, a tree and a schema, its files in a viewer, the changes since the previous run, and links", async () => {
    await createProject(page, 'Outputs');
    await dragFromPalette(page, 'text', 200, 200);
    await dragFromPalette(page, 'shell', 560, 200);
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(2));
    await connect(page, handle(page, 'text', 'text', 'out'), handle(page, 'shell', 'input', 'in'));
    await node(page, 'text').click();
    await typeInCode(page, 'text', URL_TEXT);
    await node(page, 'shell').click();
    await typeInCode(page, 'command', command('one'));
    await waitSaved(page);
    await runAll(page, 1);

    // JSON printed by the command: rows of a table, then a tree, then its fields and types.
    await inspect(page, 'shell');
    const stdout = port(page, 'stdout');
    await eventually(async () => expect(await stdout.getByTestId('out-table').locator('tbody tr').allTextContents()).toEqual(['addstrue', 'parsesfalsebad date']));
    expect(await stdout.getByTestId('out-table').locator('th').allTextContents()).toEqual(['name', 'ok', 'error']);
    await stdout.getByRole('tab', { name: 'JSON' }).click();
    const tree = stdout.getByTestId('json-tree');
    expect(await tree.textContent()).toContain('"bad date"');
    await tree.getByRole('button', { name: 'Collapse [1]' }).click();
    expect(await tree.textContent()).not.toContain('"bad date"');
    await stdout.getByRole('tab', { name: 'Schema' }).click();
    const schema = await stdout.getByTestId('out-schema').locator('tbody tr').allTextContents();
    expect(schema).toEqual(['[]object', '[].namestringadds', '[].okbooleantrue', '[].errorstring (optional)bad date']);
    await shot(page, 'schema');
    await page.emulateMedia({ colorScheme: 'light' });
    await shot(page, 'schema-light');
    await page.emulateMedia({ colorScheme: 'dark' });

    // The workspace: its files, and one opened read-only in Monaco.
    const files = port(page, 'workspace').getByTestId('files-view');
    await eventually(async () => expect(await files.locator('[data-file]').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')))).toEqual(['README.md', 'src/app.txt']));
    await files.locator('[data-file="src/app.txt"]').click();
    const dialog = page.getByRole('dialog', { name: /Files of shell/ });
    await eventually(async () => expect(await dialog.getByTestId('file-viewer').locator('.view-lines').textContent()).toContain('one'));
    expect(await dialog.getByText('No earlier run to compare with').count()).toBe(1);
    await shot(page, 'file-viewer');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // What reached the shell's input: the text node's URL, as a link.
    await page.getByTestId('node-outputs').getByRole('tab', { name: 'Input' }).click();
    const inputLink = port(page, 'input').getByRole('link', { name: URL_TEXT });
    expect(await inputLink.getAttribute('href')).toBe(URL_TEXT);
    expect(await inputLink.getAttribute('target')).toBe('_blank');

    // Run again with another word: the changed file is marked, and opens on its changes.
    await page.getByTestId('node-outputs').getByRole('tab', { name: 'Output' }).click();
    await typeInCode(page, 'command', command('two'));
    await waitSaved(page);
    await runAll(page, 2);
    await inspect(page, 'shell');
    await eventually(async () => expect(await port(page, 'workspace').getByTestId('files-view').textContent()).toContain('2 files · 1 changed since the previous run'));
    const changed = port(page, 'workspace').locator('[data-file="src/app.txt"]');
    expect(await changed.locator('.file-mark').textContent()).toBe('M');
    expect(await port(page, 'workspace').locator('[data-file="README.md"] .file-mark').count()).toBe(0);
    await changed.click();
    const diff = page.getByRole('dialog', { name: /Files of shell/ }).getByTestId('file-diff');
    // The previous run's text on one side, this run's on the other.
    await eventually(async () => {
      expect(await diff.locator('.editor.original .view-lines').allTextContents()).toEqual(['one']);
      expect((await diff.locator('.editor.modified .view-lines').allTextContents()).join('\n')).toContain('two');
    });
    await shot(page, 'file-diff');
    await page.emulateMedia({ colorScheme: 'light' });
    await shot(page, 'file-diff-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.keyboard.press('Escape');

    // The text node's output is a link too.
    await inspect(page, 'text');
    expect(await port(page, 'text').getByRole('link', { name: URL_TEXT }).getAttribute('href')).toBe(URL_TEXT);
    expect(session.errors).toEqual([]);
  });
});

describe.skipIf(!chromiumPresent())('a deployed app in a browser', () => {
  const session = useEditorSession();
  let page: Page;
  let docker: DockerClient | undefined;

  beforeAll(async () => {
    docker = await dockerForTests();
  });
  afterAll(async () => {
    if (!docker || !session.serve) return;
    const projects = (await callServe(session.serve, [{ name: 'projects.list', input: {} }]))[0] as { id: string }[];
    for (const p of projects) await removeProject(docker, p.id);
  });
  beforeEach(() => {
    page = session.page;
  });

  it("reads a code generator's report as tests passed and failed and the checks it ran, not as raw JSON", async (ctx) => {
    if (!docker) ctx.skip();
    await page.locator('[data-template="offline-node-api.json"]').click();
    await node(page, 'generate').waitFor();
    await runAll(page, 1);
    await inspect(page, 'generate');
    await page.getByTestId('inspector').getByRole('button', { name: 'Output ↓' }).click();
    const report = port(page, 'report').getByTestId('report-view');
    await eventually(async () => expect(await report.locator('.report-tests').textContent()).toMatch(/^[1-9]\d* passed · 0 failed$/));
    expect(await report.locator('.report-checks li').first().textContent()).toMatch(/✓ npm test · .*exit code 0/);
    expect(await report.textContent()).not.toContain('{');
    await eventually(async () => expect(await report.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight)).toBe(true));
    await shot(page, 'report');
    await page.emulateMedia({ colorScheme: 'light' });
    await shot(page, 'report-light');
    expect(session.errors).toEqual([]);
  });

  it('opens the app from the node, its log and Services, shows its logs and stops it', async (ctx) => {
    if (!docker) ctx.skip();
    await createProject(page, 'Deployed');
    await dragFromPalette(page, 'shell', 200, 200);
    await dragFromPalette(page, 'build-deploy', 560, 200);
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(2));
    await connect(page, handle(page, 'shell', 'workspace', 'out'), handle(page, 'build-deploy', 'workspace', 'in'));
    await node(page, 'shell').click();
    await typeInCode(page, 'command', 'echo "<h1>Hello from the outputs journey</h1>" > index.html');
    await waitSaved(page);
    await runAll(page, 1);

    // "Open" on the node itself, pointing at the app, which answers.
    const open = node(page, 'build-deploy').getByTestId('node-open');
    const url = (await open.getAttribute('href'))!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/?$/);
    expect(await open.getAttribute('target')).toBe('_blank');
    expect(await (await fetch(url, { signal: AbortSignal.timeout(5000) })).text()).toContain('Hello from the outputs journey');
    await shot(page, 'node-open');

    // The service output in the inspector is a link as well, and so is the URL in the node's log.
    await inspect(page, 'build-deploy');
    const logLine = page.getByTestId('terminal').locator('.xterm-rows > div', { hasText: new RegExp(`^${url.replace(/[.:/]/g, '\\$&')}\\s*$`) });
    await eventually(async () => expect(await logLine.count()).toBe(1));
    const box = (await logLine.boundingBox())!;
    await page.mouse.move(box.x + 30, box.y + box.height / 2);
    const popup = page.waitForEvent('popup');
    await page.mouse.click(box.x + 30, box.y + box.height / 2);
    const opened = await popup;
    expect(opened.url().replace(/\/$/, '')).toBe(url.replace(/\/$/, ''));
    await opened.close();
    expect(await port(page, 'service').getByRole('link', { name: /^Open / }).getAttribute('href')).toBe(url);

    // Services: the full name, its status, Open, the request just made in its logs, then Stop.
    await page.getByRole('tab', { name: 'Services' }).click();
    const row = page.getByTestId('service');
    await eventually(async () => expect(await row.count()).toBe(1));
    const name = (await row.getAttribute('data-service'))!;
    expect(await row.locator('.service-name').textContent()).toBe(name);
    expect(await row.locator('.service-name').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await row.locator('.service-status').textContent()).toMatch(/running|up/i);
    expect(await row.getByRole('link', { name: `Open ${name}` }).getAttribute('href')).toBe(url);
    await row.getByRole('button', { name: `Logs of ${name}` }).click();
    await eventually(async () => {
      await row.getByRole('button', { name: 'Refresh' }).click();
      expect(await row.getByTestId('service-logs').textContent()).toMatch(/response:200/);
    });
    await shot(page, 'services');
    await page.emulateMedia({ colorScheme: 'light' });
    await shot(page, 'services-light');
    await row.getByRole('button', { name: `Stop ${name}` }).click();
    await eventually(async () => expect(await page.getByText('Nothing is running for this project.').count()).toBe(1), 30_000);
    await expect(fetch(url, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    expect(session.errors).toEqual([]);
  });
});

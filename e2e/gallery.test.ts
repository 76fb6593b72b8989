import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { chromiumPresent } from './support/browser';
import { eventually } from './support/editor';
import { useEditorSession } from './support/session';

// The start page's gallery, importing a copy twice, History in the top bar, and a file dragged
// over the window, as a newcomer meets them. Screenshots go to /tmp/shots-g/ to be looked at.
const SHOTS = '/tmp/shots-g';
mkdirSync(SHOTS, { recursive: true });
const TEMPLATES = join(__dirname, '..', 'resources', 'templates');

const cards = (page: Page) => page.getByTestId('gallery').locator('.gallery-card');

async function importFile(page: Page, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import template…' }).click()]);
  await chooser.setFiles(file);
}

async function lookedOver(page: Page, name: RegExp): Promise<void> {
  const review = page.getByRole('dialog', { name });
  await review.waitFor();
  await review.getByRole('button', { name: 'Looks right' }).click();
  await review.waitFor({ state: 'detached' });
}

async function home(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/#/`);
  await page.waitForSelector('.home');
}

describe.skipIf(!chromiumPresent())('the gallery and the start page', () => {
  const session = useEditorSession();
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-gallery-'));

  beforeEach(() => {
    page = session.page;
  });

  it('shows at least eight templates, each with a thumbnail of its graph, a description and tags; a tag filters them', async () => {
    await eventually(async () => expect(await cards(page).count()).toBeGreaterThanOrEqual(8));
    const count = await cards(page).count();
    for (let i = 0; i < count; i++) {
      const card = cards(page).nth(i);
      expect((await card.locator('.desc').textContent())?.length ?? 0).toBeGreaterThan(60);
      expect(await card.locator('.chip.tag').count()).toBeGreaterThan(0);
      expect(await card.locator('svg.graph-thumb rect').count()).toBeGreaterThan(0);
    }
    // The thumbnail is the graph: the whole factory's five steps and the four edges between them.
    const factory = page.locator('[data-template="blueprint-to-deploy.json"]');
    expect(await factory.locator('svg.graph-thumb rect').count()).toBe(5);
    expect(await factory.locator('svg.graph-thumb path').count()).toBe(4);
    await page.getByRole('heading', { name: 'Start from a template' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/gallery-dark.png` });

    await page.getByRole('group', { name: 'Show templates tagged' }).getByRole('button', { name: 'gpu', exact: true }).click();
    await eventually(async () => expect(await cards(page).count()).toBe(1));
    await expect(cards(page).first().getAttribute('data-template')).resolves.toBe('vllm-codestral-vscode.json');

    await page.getByRole('button', { name: 'deploy', exact: true }).click();
    await eventually(async () => expect(await cards(page).count()).toBeGreaterThanOrEqual(4));
    const deployCount = await cards(page).count();
    expect(deployCount).toBeLessThan(count);
    for (let i = 0; i < deployCount; i++) await expect(cards(page).nth(i).locator('.chip.tag', { hasText: /^deploy$/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'deploy', exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');

    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForTimeout(300); // the buttons' colour transition, for the picture only
    await page.screenshot({ path: `${SHOTS}/gallery-light-filtered.png` });
    await page.emulateMedia({ colorScheme: 'dark' });

    await page.getByRole('button', { name: 'All', exact: true }).click();
    await eventually(async () => expect(await cards(page).count()).toBe(count));
  });

  it('opens a template as a new project, a second one as "(2)", and History in the top bar lists its revisions', async () => {
    await page.locator('[data-template="meta-pipeline.json"]').click();
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(6));
    const name = 'A pipeline of pipelines: two APIs';
    await expect(page.getByTestId('project-name').textContent()).resolves.toBe(name);

    await page.getByRole('button', { name: 'History', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Save a named revision' });
    await dialog.waitFor();
    await page.keyboard.type('Before I change the blueprints');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'History', exact: true }).click();
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Before I change the blueprints');
    await page.screenshot({ path: `${SHOTS}/history.png` });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await home(page, session.serve.url);
    await page.locator('[data-template="meta-pipeline.json"]').click();
    await eventually(async () => expect(await page.getByTestId('project-name').textContent()).toBe(`${name} (2)`));
  });

  it('imports the same file twice: the copy is "My factory (2)", then "(3)", beside the original', async () => {
    const doc = JSON.parse(readFileSync(join(TEMPLATES, 'hello-shell.json'), 'utf8'));
    const file = join(dir, 'my-factory.json');
    writeFileSync(file, JSON.stringify({ ...doc, id: 'my-factory', name: 'My factory' }));
    for (const expected of ['My factory', 'My factory (2)', 'My factory (3)']) {
      await home(page, session.serve.url);
      await importFile(page, file);
      await lookedOver(page, new RegExp(`Review “${expected.replace(/[()]/g, '\\$&')}”`));
      await eventually(async () => expect(await page.getByTestId('project-name').textContent()).toBe(expected));
    }
    await home(page, session.serve.url);
    await eventually(async () =>
      expect((await page.locator('[data-project] .name').allTextContents()).filter((n) => n.startsWith('My factory')).sort()).toEqual([
        'My factory',
        'My factory (2)',
        'My factory (3)',
      ]),
    );
  });

  it('a file dragged over the start page shows the drop veil over the cards, and dropping it imports it', async () => {
    await eventually(async () => expect(await cards(page).count()).toBeGreaterThanOrEqual(8));
    await page.getByRole('heading', { name: 'Start from a template' }).scrollIntoViewIfNeeded();
    const text = readFileSync(join(TEMPLATES, 'offline-node-api.json'), 'utf8');
    // The operating system's file drag cannot be driven in headless Chromium: the events it
    // sends, carrying a real file, are dispatched on the page.
    const transfer = await page.evaluateHandle((content) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'dropped.json', { type: 'application/json' }));
      return dt;
    }, text);
    await page.dispatchEvent('.gallery', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('.gallery', 'dragover', { dataTransfer: transfer });
    const veil = page.getByRole('status').filter({ hasText: 'Drop a template to import it' });
    await veil.waitFor();
    await page.screenshot({ path: `${SHOTS}/drop-dark.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForTimeout(300); // the buttons' colour transition, for the picture only
    await page.screenshot({ path: `${SHOTS}/drop-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });
    // The veil hides the cards beneath: its centre is the veil's card, not a gallery card.
    const box = (await page.locator('.file-drop-card').boundingBox())!;
    const under = await page.evaluate(([x, y]) => document.elementsFromPoint(x, y).map((e) => e.className).join(' '), [box.x + 5, box.y + 5]);
    expect(under.indexOf('file-drop-card')).toBeLessThan(under.indexOf('gallery') === -1 ? Infinity : under.indexOf('gallery'));

    await page.dispatchEvent('.gallery', 'drop', { dataTransfer: transfer });
    await veil.waitFor({ state: 'detached' });
    await lookedOver(page, /Review “REST API from a blueprint \(offline\)”/);
    await eventually(async () => expect(await page.getByTestId('project-name').textContent()).toBe('REST API from a blueprint (offline)'));
    expect(session.errors).toEqual([]);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { connect, createProject, dragFromPalette, edgeCount, eventually, handle, node, status, typeInCode, waitSaved } from './support/editor';

async function exportFile(page: Page): Promise<Record<string, any>> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
  const path = await download.path();
  return JSON.parse(readFileSync(path, 'utf8'));
}

async function importFile(page: Page, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import template…' }).click()]);
  await chooser.setFiles(file);
}

describe.skipIf(!chromiumPresent())('templates in a browser', () => {
  const session = useEditorSession();
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-files-'));

  beforeEach(() => {
    page = session.page;
  });

  it('exports a pipeline, imports it as a new project after showing what it runs, and the two match', async () => {
    await createProject(page, 'Shared pipeline');
    await dragFromPalette(page, 'text', 200, 200);
    await dragFromPalette(page, 'shell', 560, 200);
    await connect(page, handle(page, 'text', 'text', 'out'), handle(page, 'shell', 'input', 'in'));
    await eventually(async () => expect(await edgeCount(page)).toBe(1));
    await node(page, 'shell').click();
    await typeInCode(page, 'command', 'tr a-z A-Z');
    await node(page, 'text').click();
    await typeInCode(page, 'text', 'shout this');
    await waitSaved(page);

    const exported = await exportFile(page);
    expect(exported).toMatchObject({ format: 'pipewright/2', name: 'Shared pipeline' });
    expect(exported.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['shell', 'text']);
    const file = join(dir, 'shared.pipewright.json');
    writeFileSync(file, JSON.stringify(exported));

    await page.goto(`${session.serve.url}/#/`);
    await page.waitForSelector('.home');
    const projectsBefore = await page.locator('[data-project]').count();
    await importFile(page, file);

    // An imported template shows what it will run before anything runs, under the copy's own name.
    const review = page.getByRole('dialog', { name: /Review “Shared pipeline \(2\)”/ });
    await review.waitFor();
    await expect(review.getByTestId('manifest-nodes').textContent()).resolves.toContain('tr a-z A-Z');
    await review.getByRole('button', { name: 'Looks right' }).click();
    await review.waitFor({ state: 'detached' });

    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(2));
    // The original project keeps its name; the copy is told apart from it.
    await expect(page.getByTestId('project-name').textContent()).resolves.toBe('Shared pipeline (2)');
    const again = await exportFile(page);
    // Same document under a new id: the original still owns its own.
    expect(again.id).not.toBe(exported.id);
    expect(again.id.startsWith(exported.id)).toBe(true);
    expect(again.nodes).toEqual(exported.nodes);
    expect(again.edges).toEqual(exported.edges);

    // It runs like the original.
    await page.keyboard.press('Control+Enter');
    await eventually(async () => expect(await status(page, 'shell')).toBe('succeeded'), 30_000);
    await page.goto(`${session.serve.url}/#/`);
    await eventually(async () => expect(await page.locator('[data-project]').count()).toBe(projectsBefore + 1));
  });

  it('refuses a malformed template with a message naming the file, and changes nothing', async () => {
    await eventually(async () => expect(await page.locator('.home').count()).toBe(1));
    await page.waitForTimeout(300);
    const projectsBefore = await page.locator('[data-project]').count();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"format": "pipewright/1", "id": "x", "nodes": [');
    await importFile(page, broken);
    await eventually(async () => expect(await page.locator('.toast.error').textContent()).toMatch(/broken\.json: invalid JSON/));

    const wrong = join(dir, 'wrong-shape.json');
    writeFileSync(wrong, JSON.stringify({ format: 'pipewright/1', id: 'bad', name: 'Bad', nodes: [{ id: 'a', kind: 'text', params: {} }], edges: [] }));
    await importFile(page, wrong);
    await eventually(async () => expect(await page.locator('.toast.error').last().textContent()).toMatch(/wrong-shape\.json: not a valid pipeline document[\s\S]*nodes\.0\.position/));

    await page.reload();
    await page.waitForSelector('.home');
    await page.waitForTimeout(300);
    expect(await page.locator('[data-project]').count()).toBe(projectsBefore);
    expect(await page.locator('.react-flow').count()).toBe(0);
  });

  it('opens a bundled template from the gallery as a new project', async () => {
    await page.locator('[data-template="hello-shell.json"]').click();
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(3));
    await expect(page.getByTestId('project-name').textContent()).resolves.toBe('Hello, shell');
  });
});

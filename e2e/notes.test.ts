import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { createProject, dragFromPalette, eventually, node, waitSaved } from './support/editor';

// Comments and groups are nodes of the document: they are drawn as sticky notes and frames,
// edited on the canvas, and travel in exported templates.

async function exportFile(page: Page): Promise<Record<string, any>> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator(selector).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

describe.skipIf(!chromiumPresent())('comments and groups in a browser', () => {
  const session = useEditorSession();
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-notes-'));

  beforeEach(() => {
    page = session.page;
  });

  it('writes a comment, frames a node in a group that moves it, exports both, and imports them back', async () => {
    await createProject(page, 'Annotated');
    await dragFromPalette(page, 'shell', 200, 200);
    await eventually(async () => expect(await node(page, 'shell').count()).toBe(1));

    // A group around the selected node: drawn behind it, and dragging the group moves it.
    await node(page, 'shell').click();
    await page.getByRole('button', { name: '+ Group' }).click();
    const group = node(page, 'group');
    await group.waitFor();
    expect(Number(await group.evaluate((el) => getComputedStyle(el).zIndex))).toBeLessThan(
      Number(await node(page, 'shell').evaluate((el) => getComputedStyle(el).zIndex)),
    );
    await group.getByLabel('Group name').fill('Build step');
    await group.getByLabel('Group name').press('Enter');
    const before = (await node(page, 'shell').boundingBox())!;
    const frame = (await group.boundingBox())!;
    await page.mouse.move(frame.x + frame.width - 12, frame.y + frame.height - 12);
    await page.mouse.down();
    await page.mouse.move(frame.x + frame.width + 40, frame.y + frame.height + 20, { steps: 8 });
    await page.mouse.up();
    await eventually(async () => {
      const after = (await node(page, 'shell').boundingBox())!;
      expect(Math.round(after.x - before.x)).toBeGreaterThan(30);
      expect(Math.round(after.y - before.y)).toBeGreaterThan(15);
    });

    // A comment, written in place: its Markdown shows formatted once the editing ends.
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await page.getByRole('button', { name: '+ Comment' }).click();
    const comment = node(page, 'comment');
    await comment.waitFor();
    await comment.getByTestId('comment').dblclick();
    await comment.getByLabel('Comment').fill('**Read me** before running\n- it writes files');
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await expect(comment.locator('strong').textContent()).resolves.toBe('Read me');
    await expect(comment.locator('li').textContent()).resolves.toBe('it writes files');

    // Resized with its corner handle; the size is kept in the document.
    await comment.click({ position: { x: 8, y: 8 } });
    const handle = await centre(page, '.react-flow__node[data-id="comment"] .react-flow__resize-control.handle.bottom.right');
    await page.mouse.move(handle.x, handle.y);
    await page.mouse.down();
    await page.mouse.move(handle.x + 80, handle.y + 48, { steps: 8 });
    await page.mouse.up();
    await waitSaved(page);

    const exported = await exportFile(page);
    const byKind = Object.fromEntries(exported.nodes.map((n: { kind: string }) => [n.kind, n]));
    expect(Object.keys(byKind).sort()).toEqual(['comment', 'group', 'shell']);
    expect(byKind.comment.params.text).toBe('**Read me** before running\n- it writes files');
    expect(byKind.comment.params.width).toBeGreaterThanOrEqual(240 + 70);
    expect(byKind.group.params).toMatchObject({ title: 'Build step' });
    const file = join(dir, 'annotated.pipewright.json');
    writeFileSync(file, JSON.stringify(exported));

    // Imported as a new project: the review lists what runs (the shell node), not the notes.
    await page.goto(`${session.serve.url}/#/`);
    await page.waitForSelector('.home');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import template…' }).click()]);
    await chooser.setFiles(file);
    // The original project is still there, so the copy is named "Annotated (2)".
    const review = page.getByRole('dialog', { name: /Review “Annotated \(2\)”/ });
    await review.waitFor();
    await expect(review.getByTestId('manifest-nodes').textContent()).resolves.not.toMatch(/comment|Read me/i);
    await review.getByRole('button', { name: 'Looks right' }).click();
    await review.waitFor({ state: 'detached' });
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(3));
    await expect(node(page, 'comment').locator('strong').textContent()).resolves.toBe('Read me');
    await expect(node(page, 'group').getByLabel('Group name').inputValue()).resolves.toBe('Build step');
    const again = await exportFile(page);
    expect(again.nodes).toEqual(exported.nodes);
    expect(session.errors).toEqual([]);
  });
});

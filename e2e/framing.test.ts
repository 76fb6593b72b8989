import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPresent } from './support/browser';
import { createProject, eventually, node, status } from './support/editor';
import { ROOT } from './support/server';
import { useEditorSession } from './support/session';

// A pipeline fitted to the canvas on open stays clear of the overview and the zoom buttons when
// the canvas shrinks under it: the logs panel opening with a run used to push the last node
// under the overview, ports and all.
const SHOTS = '/tmp/shots-z';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const apart = (a: Rect, b: Rect) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

/** The nodes that something in the canvas's corners covers. */
async function covered(page: Page): Promise<string[]> {
  const corners = (await Promise.all([page.locator('.pw-minimap').boundingBox(), page.locator('.react-flow__controls').boundingBox()])).filter(
    (r): r is Rect => r !== null,
  );
  expect(corners.length).toBe(2);
  const hidden: string[] = [];
  for (const n of await page.locator('.react-flow__node').all()) {
    const box = await n.boundingBox();
    if (box && corners.some((c) => !apart(box, c))) hidden.push((await n.getAttribute('data-id')) ?? '?');
  }
  return hidden;
}

describe.skipIf(!chromiumPresent())('framing in a browser', () => {
  const session = useEditorSession();

  it('keeps a fitted pipeline clear of the overview and zoom buttons when a run opens the logs', async () => {
    const page = session.page;
    mkdirSync(SHOTS, { recursive: true });
    await createProject(page, 'Framed');
    await page.locator('[data-template="hello-shell.json"]').first().click();
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(3));
    await eventually(async () => expect(await covered(page)).toEqual([]));
    // Selecting a node is not taking the view over.
    await node(page, 'write').click();
    await page.keyboard.press('Control+Enter');
    await eventually(async () => expect(await status(page, 'count')).toBe('succeeded'), 30_000);
    await page.getByRole('region', { name: 'Logs' }).waitFor();
    await eventually(async () => expect(await covered(page)).toEqual([]));
    await page.screenshot({ path: `${SHOTS}/framed-after-run.png` });

    // Once the person moves the view, it is theirs: closing the logs does not refit it.
    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + 40);
    await page.mouse.down();
    await page.mouse.move(box.x + 140, box.y + 60, { steps: 5 });
    await page.mouse.up();
    const moved = await page.locator('.react-flow__viewport').getAttribute('style');
    await page.getByRole('button', { name: 'Close logs' }).click();
    await page.waitForTimeout(300);
    expect(await page.locator('.react-flow__viewport').getAttribute('style')).toBe(moved);
    expect(session.errors).toEqual([]);
  });

  it('shows a toast clear of an open dialog’s buttons', async () => {
    const page = session.page;
    // A short window: the review then fills its height, its buttons down where toasts appear.
    await page.setViewportSize({ width: 1280, height: 600 });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import template…' }).click()]);
    await chooser.setFiles(join(ROOT, 'resources', 'templates', 'hello-shell.json'));
    const review = page.getByRole('dialog', { name: /Review/ });
    await review.waitFor();
    const toast = page.locator('.toast').filter({ hasText: 'Imported' });
    await toast.waitFor();
    const buttons = await Promise.all((await review.getByRole('button').all()).map((b) => b.boundingBox()));
    expect(buttons.length).toBeGreaterThanOrEqual(3);
    const box = (await toast.boundingBox())!;
    for (const b of buttons) expect(apart(box, b!)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/toast-over-dialog.png` });
    expect(session.errors).toEqual([]);
  });
});

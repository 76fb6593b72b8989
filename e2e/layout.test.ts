import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { chromiumPresent } from './support/browser';
import { connect, createProject, dragFromPalette, edgeCount, eventually, handle, node, waitSaved } from './support/editor';
import { useEditorSession } from './support/session';

// The editor's frame in Chromium against a real `pipewright serve`: dialogs that Escape closes
// and Tab stays inside, panels that keep the size they were dragged to, the overview folded
// away, nodes placed where nothing is, Arrange and its undo, and icons drawn as SVG.
const SHOTS = '/tmp/shots-d';

/** What a glyph or emoji meant as an icon looks like: an empty box on a Linux without emoji fonts. */
const ICON_GLYPHS = /[\p{Extended_Pictographic}↶↷■✕✦⎔▭]/u;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const apart = (a: Rect, b: Rect) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

/** A node's place in the graph (flow coordinates), as the canvas draws it. */
async function flowPosition(n: Locator): Promise<{ x: number; y: number }> {
  return n.evaluate((el) => ({ x: parseFloat((el as HTMLElement).style.left), y: parseFloat((el as HTMLElement).style.top) }));
}

async function focusInside(dialog: Locator): Promise<boolean> {
  return dialog.evaluate((el) => el.contains(document.activeElement));
}

/** Every text on screen meant as an icon that would show as an empty box. */
async function iconGlyphs(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return text.split('\n').filter((line) => ICON_GLYPHS.test(line));
}

async function addByName(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+K');
  const dialog = page.getByRole('dialog', { name: 'Add a node' });
  await dialog.waitFor();
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
}

describe.skipIf(!chromiumPresent())('the editor’s layout in a browser', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(() => {
    page = session.page;
    mkdirSync(SHOTS, { recursive: true });
  });

  it('closes every dialog with Escape, keeps Tab inside it and gives the focus back', async () => {
    await createProject(page, 'Dialogs');
    const openers: { open: () => Promise<void>; name: string; opener?: () => Locator }[] = [
      { open: () => page.getByRole('button', { name: 'Keyboard shortcuts', exact: true }).click(), name: 'Keyboard shortcuts', opener: () => page.getByRole('button', { name: 'Keyboard shortcuts', exact: true }) },
      { open: () => page.getByRole('button', { name: 'Settings', exact: true }).click(), name: 'Settings', opener: () => page.getByRole('button', { name: 'Settings', exact: true }) },
      { open: () => page.getByTestId('project-name').click(), name: 'Rename project', opener: () => page.getByTestId('project-name') },
      { open: () => page.keyboard.press('Control+K'), name: 'Add a node' },
      { open: () => page.keyboard.press('Control+S'), name: 'Save a revision' },
    ];
    for (const { open, name, opener } of openers) {
      await open();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      expect(await dialog.getAttribute('aria-modal'), name).toBe('true');
      // Named by its title, for a screen reader.
      const label = await dialog.evaluate((el) => el.getAttribute('aria-label') ?? document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent);
      expect(label, name).toMatch(new RegExp(name.split(' ')[0], 'i'));
      await eventually(async () => expect(await focusInside(dialog), `${name}: focus moves in`).toBe(true));
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
        expect(await focusInside(dialog), `${name}: focus stays in after Tab ${i + 1}`).toBe(true);
      }
      if (name === 'Keyboard shortcuts') await page.screenshot({ path: `${SHOTS}/help-dialog.png` });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached', timeout: 5_000 });
      if (opener) await eventually(async () => expect(await opener().evaluate((el) => el === document.activeElement), `${name}: focus back on the opener`).toBe(true));
    }
    // The "?" key opens the list too, and Escape closes it even with the focus left on the page.
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('places nodes added by name where nothing is, arranges the graph left to right, and one Ctrl+Z undoes it', async () => {
    await createProject(page, 'Tidy up');
    // Quick add twice at the same place: the second steps aside.
    await addByName(page, 'shell');
    await addByName(page, 'shell');
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(2));
    const [a, b] = [(await node(page, 'shell').boundingBox())!, (await node(page, 'shell-2').boundingBox())!];
    expect(apart(a, b), `${JSON.stringify(a)} ${JSON.stringify(b)}`).toBe(true);

    // A text dropped right of the shells it feeds, and a shell dropped half on it: Arrange sorts them out.
    const canvas = (await page.locator('.pw-canvas').boundingBox())!;
    await dragFromPalette(page, 'text', canvas.width - 300, 100);
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(3));
    await dragFromPalette(page, 'shell', canvas.width - 400, 140);
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(4));
    await page.screenshot({ path: `${SHOTS}/dropped.png` });
    await connect(page, handle(page, 'text', 'text', 'out'), handle(page, 'shell', 'input', 'in'));
    await connect(page, handle(page, 'shell', 'workspace', 'out'), handle(page, 'shell-2', 'workspace', 'in'));
    await eventually(async () => expect(await edgeCount(page)).toBe(2)).catch(async (err) => {
      await page.screenshot({ path: `${SHOTS}/arrange-connect-failed.png` });
      throw err;
    });
    await waitSaved(page);
    const ids = ['text', 'shell', 'shell-2', 'shell-3'];
    const before = await Promise.all(ids.map((id) => flowPosition(node(page, id))));
    await page.screenshot({ path: `${SHOTS}/before-arrange.png` });

    await page.getByRole('button', { name: 'Arrange', exact: true }).click();
    await eventually(async () => {
      const boxes = await Promise.all(ids.map(async (id) => (await node(page, id).boundingBox())!));
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(apart(boxes[i], boxes[j]), `${ids[i]} × ${ids[j]}`).toBe(true);
      const [text, shell, shell2] = boxes;
      // Edges run left to right: each node right of what feeds it.
      expect(text.x + text.width).toBeLessThan(shell.x);
      expect(shell.x + shell.width).toBeLessThan(shell2.x);
    });
    await page.waitForTimeout(300); // the view's fit is animated: shoot it at rest
    await page.screenshot({ path: `${SHOTS}/after-arrange.png` });

    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+Z');
    await eventually(async () => expect(await Promise.all(ids.map((id) => flowPosition(node(page, id))))).toEqual(before));
    // Shift+L arranges again.
    await page.keyboard.press('Shift+L');
    await eventually(async () => expect(await Promise.all(ids.map((id) => flowPosition(node(page, id))))).not.toEqual(before));
  });

  it('pastes copies beside the original, each where it covers no other node', async () => {
    await createProject(page, 'Copies');
    await addByName(page, 'code generator');
    await node(page, 'code-generator').click();
    await page.keyboard.press('Control+C');
    await page.keyboard.press('Control+V');
    await page.keyboard.press('Control+V');
    const nodes = page.locator('.react-flow__node');
    await eventually(async () => expect(await nodes.count()).toBe(3));
    await eventually(async () => {
      const boxes = await Promise.all((await nodes.all()).map(async (n) => (await n.boundingBox())!));
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(apart(boxes[i], boxes[j]), `${i} × ${j}`).toBe(true);
    });
    await page.screenshot({ path: `${SHOTS}/pasted.png` });
  });

  it('keeps a panel at the size it was dragged to after a reload, and the overview folded away', async () => {
    await createProject(page, 'Panels');
    await addByName(page, 'shell');
    const palette = page.getByRole('navigation', { name: 'Node palette' });
    const side = page.locator('aside.side');
    const start = (await palette.boundingBox())!.width;
    const sideStart = (await side.boundingBox())!.width;
    for (const [label, dx] of [
      ['Resize the palette', 120],
      ['Resize the side panel', -100],
    ] as const) {
      const edge = (await page.getByRole('separator', { name: label }).boundingBox())!;
      await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
      await page.mouse.down();
      await page.mouse.move(edge.x + edge.width / 2 + dx / 2, edge.y + edge.height / 2, { steps: 4 });
      await page.mouse.move(edge.x + edge.width / 2 + dx, edge.y + edge.height / 2, { steps: 4 });
      await page.mouse.up();
    }
    const wide = (await palette.boundingBox())!.width;
    const sideWide = (await side.boundingBox())!.width;
    expect(wide).toBeGreaterThan(start + 100);
    expect(sideWide).toBeGreaterThan(sideStart + 80);

    // The logs panel too, upwards.
    await page.getByRole('button', { name: 'Logs', exact: true }).click();
    const logs = page.getByRole('region', { name: 'Logs' });
    await logs.waitFor();
    const logsStart = (await logs.boundingBox())!.height;
    const edge = (await page.getByRole('separator', { name: 'Resize the logs' }).boundingBox())!;
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2, edge.y - 60, { steps: 4 });
    await page.mouse.move(edge.x + edge.width / 2, edge.y - 120, { steps: 4 });
    await page.mouse.up();
    const logsTall = (await logs.boundingBox())!.height;
    expect(logsTall).toBeGreaterThan(logsStart + 100);

    await page.getByRole('button', { name: 'Hide the overview' }).click();
    await page.getByRole('button', { name: 'Show the overview' }).waitFor();
    await page.getByRole('button', { name: 'Hide the zoom buttons' }).click();
    await page.getByRole('button', { name: 'Show the zoom buttons' }).waitFor();
    expect(await page.locator('.react-flow__controls').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/panels-resized.png` });

    await page.reload();
    await page.waitForSelector('.react-flow');
    await eventually(async () => expect(Math.abs((await palette.boundingBox())!.width - wide)).toBeLessThan(3));
    expect(Math.abs((await side.boundingBox())!.width - sideWide)).toBeLessThan(3);
    await page.getByRole('button', { name: 'Logs', exact: true }).click();
    await logs.waitFor();
    expect(Math.abs((await logs.boundingBox())!.height - logsTall)).toBeLessThan(3);
    expect(await page.locator('.pw-minimap-body').count()).toBe(0);
    await page.getByRole('button', { name: 'Show the overview' }).click();
    await page.locator('.pw-minimap-body').waitFor();
    await page.getByRole('button', { name: 'Show the zoom buttons' }).click();
    await page.locator('.react-flow__controls').waitFor();
  });

  it('draws every icon as SVG, with no emoji or glyph left to show as an empty box, in dark and light', async () => {
    expect(await iconGlyphs(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/home-dark.png` });
    await createProject(page, 'Icons');
    const items = page.locator('.palette-item');
    expect(await items.count()).toBeGreaterThan(10);
    expect(await page.locator('.palette-item .icon svg').count()).toBe(await items.count());
    for (const kind of ['code-generator', 'vllm-server', 'build-deploy']) await addByName(page, kind);
    await eventually(async () => expect(await page.locator('.react-flow__node .pw-node-icon svg').count()).toBe(3));
    await node(page, 'code-generator').click();
    await page.getByTestId('inspector').locator('.inspector-head svg').waitFor();
    expect(await iconGlyphs(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/editor-dark.png` });
    // The side panel's other tabs, each empty as a new project's are.
    for (const tab of ['Runs', 'Services']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.locator('.side-body .placeholder svg').first().waitFor();
      expect(await iconGlyphs(page), tab).toEqual([]);
    }
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('dialog', { name: 'Settings' }).waitFor();
    expect(await iconGlyphs(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForTimeout(800); // buttons fade to the new theme's colours
    await page.screenshot({ path: `${SHOTS}/editor-light.png` });
    await page.getByRole('button', { name: 'Keyboard shortcuts', exact: true }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/help-light.png` });
    await page.keyboard.press('Escape');
    expect(session.errors).toEqual([]);
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { connect, createProject, dragFromPalette, eventually, handle, node, status, terminalText, typeInCode, waitSaved } from './support/editor';

// Failures a newcomer can read, results that say when they are out of date, and problems in
// plain words: journeys against the real `pipewright serve`, shell nodes under real ptys.
const SHOTS = '/tmp/shots-a';

/** A command that prints a few lines and fails: what a broken build looks like. */
const FAILING = "echo compiling; printf 'error: cannot find module left-pad\\n  at build.js:3\\n'; echo 'hint: run npm install'; exit 3";

function canvasCentre(box: { x: number; y: number; width: number; height: number }) {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function clickPane(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
}

describe.skipIf(!chromiumPresent())('failures, stale results and problems', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(async () => {
    page = session.page;
    mkdirSync(SHOTS, { recursive: true });
    await session.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(session.serve.loginUrl).origin });
  });

  it('lands on the failed node: selected and centred, its whole error first in the inspector, copyable, at the end of its log, and one click away on the canvas', async () => {
    await createProject(page, 'Broken build');
    await dragFromPalette(page, 'shell', 200, 160);
    await dragFromPalette(page, 'shell', 760, 520);
    await node(page, 'shell').click();
    await typeInCode(page, 'command', 'echo all good');
    await node(page, 'shell-2').click();
    await typeInCode(page, 'command', FAILING);
    await waitSaved(page);
    // Nothing selected and the failing node far from the centre: the run has to bring it.
    await clickPane(page);
    await page.keyboard.press('Control+Enter');
    await eventually(async () => expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('failed'), 30_000);
    expect(await status(page, 'shell')).toBe('succeeded');
    expect(await status(page, 'shell-2')).toBe('failed');

    // The failed node is selected and centred on the canvas.
    await eventually(async () => expect(await page.getByTestId('inspector').getAttribute('data-node')).toBe('shell-2'));
    await eventually(async () => {
      const canvas = canvasCentre((await page.locator('.pw-canvas').boundingBox())!);
      const box = canvasCentre((await node(page, 'shell-2').boundingBox())!);
      expect(Math.abs(box.x - canvas.x)).toBeLessThan(40);
      expect(Math.abs(box.y - canvas.y)).toBeLessThan(40);
    });

    // The whole error, above the params, in words.
    const error = page.getByTestId('node-error');
    const text = (await error.locator('.node-error-text').textContent()) ?? '';
    expect(text).toContain('command exited with code 3');
    expect(text).toContain('error: cannot find module left-pad');
    expect(text).toContain('hint: run npm install');
    expect(text).not.toMatch(/runs\.start|engine error/);
    const errorTop = (await error.boundingBox())!.y;
    const paramsTop = (await page.getByRole('form', { name: 'Parameters' }).boundingBox())!.y;
    expect(errorTop).toBeLessThan(paramsTop);

    // Copy puts exactly that text on the clipboard.
    await error.getByRole('button', { name: 'Copy' }).click();
    await eventually(async () => expect(await error.getByRole('button', { name: 'Copied' }).count()).toBe(1));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);

    // The logs are open on the node and end with its error.
    await eventually(async () => {
      const log = (await terminalText(page)).trimEnd();
      expect(log).toContain('✗ failed');
      expect(log).toMatch(/command exited with code 3[\s\S]*hint: run npm install$/);
    });
    await page.screenshot({ path: `${SHOTS}/failed-run.png` });

    // Later, elsewhere: the node's "Show error" brings the error back in one click.
    await page.getByRole('button', { name: 'Close logs' }).click();
    await clickPane(page);
    await eventually(async () => expect(await page.getByTestId('inspector').count()).toBe(0));
    await node(page, 'shell-2').getByRole('button', { name: 'Show error' }).click();
    await eventually(async () => expect(await page.getByTestId('inspector').getAttribute('data-node')).toBe('shell-2'));
    await eventually(async () => expect((await terminalText(page)).trimEnd()).toMatch(/✗ failed[\s\S]*hint: run npm install$/));
    await page.screenshot({ path: `${SHOTS}/show-error.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: `${SHOTS}/show-error-light.png` });
    expect(session.errors).toEqual([]);
  });

  it('marks results from before an edit as stale, follows a past run in the top bar, and lets toasts go', async () => {
    // An error from main reads as what went wrong, without the name of the call that failed.
    const broken = join(mkdtempSync(join(tmpdir(), 'pw-failures-')), 'broken.json');
    writeFileSync(broken, '{"format": ');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import template…' }).click()]);
    await chooser.setFiles(broken);
    const refused = page.locator('.toast.error', { hasText: 'broken.json' });
    await eventually(async () => expect(await refused.locator('.toast-text').textContent()).toMatch(/^broken\.json: invalid JSON/));
    await refused.getByRole('button', { name: 'Dismiss' }).click();
    await refused.waitFor({ state: 'detached' });

    await createProject(page, 'Stale state');
    await dragFromPalette(page, 'shell', 300, 200);
    await node(page, 'shell').click();
    await typeInCode(page, 'command', FAILING);
    await waitSaved(page);
    await page.keyboard.press('Control+Enter');
    await eventually(async () => expect(await status(page, 'shell')).toBe('failed'), 30_000);
    const badge = node(page, 'shell').locator('.badge');
    expect(await badge.getAttribute('data-stale')).toBeNull();

    // Editing the node makes its status a result from before the edit.
    await node(page, 'shell').click();
    await typeInCode(page, 'command', 'echo fixed');
    await eventually(async () => expect(await badge.getAttribute('data-stale')).toBe('true'));
    expect(await badge.textContent()).toContain('failed · edited');
    expect(await badge.getAttribute('title')).toMatch(/before your last edit/);
    expect(await page.getByTestId('node-error').textContent()).toContain('Failed before your last edit');
    await page.screenshot({ path: `${SHOTS}/stale.png` });

    // Run again: current, not stale.
    await waitSaved(page);
    await page.keyboard.press('Control+Enter');
    await eventually(async () => expect(await status(page, 'shell')).toBe('succeeded'), 30_000);
    expect(await badge.getAttribute('data-stale')).toBeNull();
    // After a reload the node, unchanged since that run, is still current.
    await page.reload();
    await eventually(async () => expect(await status(page, 'shell')).toBe('succeeded'));
    expect(await badge.getAttribute('data-stale')).toBeNull();

    // Opening the failed run from the history: the top bar shows that run, not the latest.
    await page.getByRole('tab', { name: /Runs/ }).click();
    await eventually(async () => expect(await page.locator('[data-run]').count()).toBe(2));
    await page.locator('[data-run]').last().click();
    await page.getByTestId('run-banner').waitFor();
    await eventually(async () => expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('failed'));
    await page.screenshot({ path: `${SHOTS}/past-run.png` });
    await page.getByRole('button', { name: 'Back to editing' }).click();
    await page.getByTestId('run-banner').waitFor({ state: 'detached' });
    await eventually(async () => expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('succeeded'));

    // An info toast leaves by itself.
    await node(page, 'shell').click({ position: { x: 20, y: 12 } });
    await page.keyboard.press('Control+C');
    const info = page.locator('.toast.info', { hasText: 'Copied 1 node' });
    await info.waitFor();
    await info.waitFor({ state: 'detached', timeout: 15_000 });

    // The same refused connection twice: one error toast with a count, kept until read.
    await dragFromPalette(page, 'shell', 700, 200);
    for (let i = 0; i < 2; i++) await connect(page, handle(page, 'shell', 'stdout', 'out'), handle(page, 'shell-2', 'workspace', 'in'));
    const error = page.locator('.toast.error', { hasText: 'a text output cannot feed a workspace input' });
    await eventually(async () => expect(await error.locator('.toast-count').textContent()).toBe('×2'));
    expect(await error.count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/toasts.png` });
    await error.hover();
    await eventually(async () => expect(await error.getAttribute('data-read')).toBe('true'));
    await page.mouse.move(10, 10);
    await error.waitFor({ state: 'detached', timeout: 15_000 });

    // A new connection into the node also makes its result one from before.
    expect(await badge.getAttribute('data-stale')).toBeNull();
    await connect(page, handle(page, 'shell-2', 'workspace', 'out'), handle(page, 'shell', 'workspace', 'in'));
    await eventually(async () => expect(await badge.getAttribute('data-stale')).toBe('true'));
    expect(session.errors).toEqual([]);
  });

  it('says quietly what a new node needs, and Run with problems lists what to fix, each leading to its node', async () => {
    await createProject(page, 'Problems');
    await dragFromPalette(page, 'code-generator', 300, 200);
    const hint = node(page, 'code-generator').getByTestId('node-hint');
    await eventually(async () => expect(await hint.textContent()).toBe('needs a blueprint'));
    expect(await node(page, 'code-generator').getByTestId('node-issues').count()).toBe(0);
    expect(await page.getByRole('button', { name: /problem/ }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/quiet-hint.png` });

    // Run: nothing starts; a dialog says what to fix first.
    await page.keyboard.press('Control+Enter');
    const dialog = page.getByRole('dialog', { name: 'Fix these before running' });
    await dialog.waitFor();
    const problem = dialog.getByRole('button', { name: /Code generator needs a blueprint: connect an output to its "blueprint" input/ });
    expect(await problem.count()).toBe(1);
    expect(await dialog.textContent()).not.toMatch(/needs an edge|\(text\)/);
    await page.screenshot({ path: `${SHOTS}/run-with-problems.png` });
    expect(await page.getByTestId('run-status').count()).toBe(0);

    // Clicking the problem goes to the node; now it counts as a problem on the node too.
    await problem.click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await eventually(async () => expect(await page.getByTestId('inspector').getAttribute('data-node')).toBe('code-generator'));
    await eventually(async () => expect(await node(page, 'code-generator').getByTestId('node-issues').textContent()).toBe('needs a blueprint'));
    expect(await page.getByTestId('inspector').locator('.issue-list li').allTextContents()).toEqual(['needs a blueprint']);

    // The toolbar's count opens the Problems list, whose entries select their node.
    await dragFromPalette(page, 'code-generator', 700, 450);
    await eventually(async () => expect(await node(page, 'code-generator-2').getByTestId('node-hint').count()).toBe(1));
    // Moving on from the new node (clicking elsewhere) makes its missing input count.
    await clickPane(page);
    await eventually(async () => expect(await node(page, 'code-generator-2').getByTestId('node-issues').count()).toBe(1));
    await page.getByRole('button', { name: /2 problems/ }).click();
    const list = page.getByTestId('problems');
    await eventually(async () => expect(await list.getByRole('button').count()).toBe(2));
    await list.getByRole('button').nth(1).click();
    await eventually(async () => expect(await page.getByTestId('inspector').getAttribute('data-node')).toBe('code-generator-2'));
    await page.screenshot({ path: `${SHOTS}/problems-list.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: `${SHOTS}/problems-list-light.png` });
    expect(session.errors).toEqual([]);
  });
});

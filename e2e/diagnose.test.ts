import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { createProject, dragFromPalette, eventually, node, status, typeInCode, waitSaved } from './support/editor';

// Diagnose on a failed node, in a browser against the real `pipewright serve`: a shell node (a
// real pty) runs a program this machine does not have; the inspector says why and what to do.
describe.skipIf(!chromiumPresent())('diagnosing a failed node in a browser', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(() => {
    page = session.page;
  });

  it('offers Diagnose on the failed node and shows the cause, the evidence and the fix', async () => {
    await createProject(page, 'Diagnose journey');
    await dragFromPalette(page, 'shell', 300, 200);
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(1));
    await node(page, 'shell').click();
    await typeInCode(page, 'command', 'frobnicate-release --now');
    await waitSaved(page);
    // No Diagnose before anything failed.
    expect(await page.getByTestId('diagnose').count()).toBe(0);

    await page.keyboard.press('Control+Enter');
    await eventually(async () => expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('failed'), 30_000);
    expect(await status(page, 'shell')).toBe('failed');
    await node(page, 'shell').click();
    await page.getByTestId('diagnose').click();
    const card = page.getByTestId('diagnosis');
    await eventually(async () => expect(await card.textContent()).toContain('Cause: the command "frobnicate-release" is not in the image'));
    expect(await card.locator('pre').textContent()).toMatch(/frobnicate-release.*not found/);
    expect(await card.textContent()).toContain('Fix: install "frobnicate-release"');
    expect(await card.textContent()).toContain('offline rule command-not-found');
    await expect(card.getByTestId('fix-it').isVisible()).resolves.toBe(true);
    expect(session.errors).toEqual([]);
  });
});

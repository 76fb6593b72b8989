import { beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { connect, createProject, dragFromPalette, edgeCount, eventually, handle, node, status, terminalText, typeInCode, waitSaved } from './support/editor';

// Browser journeys against the real `pipewright serve`: real server, SQLite in a temporary
// PIPEWRIGHT_HOME, shell nodes under real ptys, Debian's Chromium.
describe.skipIf(!chromiumPresent())('the editor in a browser', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(() => {
    page = session.page;
  });

  it('creates a project, drags nodes from the palette, connects them, refuses an incompatible connection, edits params and runs it', async () => {
    await createProject(page, 'Journey one');
    await expect(page.getByTestId('empty-state').isVisible()).resolves.toBe(true);

    await dragFromPalette(page, 'text', 200, 200);
    await dragFromPalette(page, 'shell', 560, 200);
    await dragFromPalette(page, 'shell', 560, 460);
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(3));
    await expect(page.getByTestId('empty-state').count()).resolves.toBe(0);

    // Text into the shell's stdin: compatible.
    await connect(page, handle(page, 'text', 'text', 'out'), handle(page, 'shell', 'input', 'in'));
    await eventually(async () => expect(await edgeCount(page)).toBe(1));

    // A text output into a workspace input: refused as it is drawn, with the reason.
    await connect(page, handle(page, 'shell', 'stdout', 'out'), handle(page, 'shell-2', 'workspace', 'in'));
    await eventually(async () =>
      expect(await page.locator('.toast.error').last().textContent()).toMatch(/a text output cannot feed a workspace input/),
    );
    expect(await edgeCount(page)).toBe(1);
    // The workspace into the workspace is fine.
    await connect(page, handle(page, 'shell', 'workspace', 'out'), handle(page, 'shell-2', 'workspace', 'in'));
    await eventually(async () => expect(await edgeCount(page)).toBe(2));

    // Params: the text node's text and each shell's command, through the inspector.
    await node(page, 'text').click();
    await typeInCode(page, 'text', 'hello from the e2e');
    await node(page, 'shell').click();
    await expect(page.getByTestId('inspector').getAttribute('data-node')).resolves.toBe('shell');
    await typeInCode(page, 'command', 'cat > note.txt; echo wrote: $(cat note.txt)');
    await node(page, 'shell-2').click();
    await typeInCode(page, 'command', 'echo files: $(ls)');
    await expect.poll(() => node(page, 'shell-2').locator('.pw-node-summary').textContent()).toBe('echo files: $(ls)');
    await waitSaved(page);
    await expect.poll(() => page.locator('[data-testid="node-issues"]').count()).toBe(0);

    // Run: statuses arrive on the nodes, the selected node's output in the logs panel.
    await page.keyboard.press('Control+Enter');
    await eventually(async () => expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('succeeded'), 30_000);
    for (const id of ['text', 'shell', 'shell-2']) expect(await status(page, id)).toBe('succeeded');
    await node(page, 'shell').click();
    await eventually(async () => expect(await terminalText(page)).toContain('wrote: hello from the e2e')).catch(async (err) => {
      throw new Error(`${err}\n${await terminalText(page)}`);
    });
    await node(page, 'shell-2').click();
    await eventually(async () => expect(await terminalText(page)).toContain('files: note.txt'));
    await expect(node(page, 'shell').locator('.badge .time').textContent()).resolves.toMatch(/^\d+\.\ds$/);

    // Run again: nothing changed, so every node comes from the cache.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await eventually(async () => {
      for (const id of ['text', 'shell', 'shell-2']) expect(await status(page, id)).toBe('cached');
    }, 30_000);

    // The run history lists both runs and opens one read-only with its outputs.
    await page.getByRole('tab', { name: /Runs/ }).click();
    await eventually(async () => expect(await page.locator('[data-run]').count()).toBe(2));
    await page.locator('[data-run]').last().click();
    await page.getByTestId('run-banner').waitFor();
    await node(page, 'shell').click();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await expect(page.getByTestId('node-outputs').textContent()).resolves.toContain('wrote: hello from the e2e');
    await page.getByRole('button', { name: 'Back to editing' }).click();
    await page.getByTestId('run-banner').waitFor({ state: 'detached' });
    expect(session.errors).toEqual([]);
  });

  it('cancels a running node and shows it cancelled', async () => {
    await createProject(page, 'Cancel me');
    await dragFromPalette(page, 'shell', 300, 200);
    await node(page, 'shell').click();
    await typeInCode(page, 'command', 'echo started && sleep 30 && echo fin && echo ished');
    await waitSaved(page);
    await page.keyboard.press('Control+Enter');
    await eventually(async () => expect(await status(page, 'shell')).toBe('running'), 20_000);
    await eventually(async () => expect(await terminalText(page)).toContain('started'));
    const started = Date.now();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await eventually(async () => expect(await status(page, 'shell')).toBe('cancelled'), 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(page.getByTestId('run-status').getAttribute('data-status')).resolves.toBe('cancelled');
    expect(await terminalText(page)).not.toContain('finished');
  });

  it('keeps the graph and the undo history across a reload, with undo and redo', async () => {
    await createProject(page, 'Reload me');
    await dragFromPalette(page, 'text', 200, 200);
    await dragFromPalette(page, 'shell', 560, 200);
    await connect(page, handle(page, 'text', 'text', 'out'), handle(page, 'shell', 'input', 'in'));
    await eventually(async () => expect(await edgeCount(page)).toBe(1));
    await node(page, 'shell').click();
    await typeInCode(page, 'command', 'echo kept');
    await waitSaved(page);
    const before = await page.locator('.react-flow__node').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-id')}@${(e as HTMLElement).style.transform}`).sort(),
    );

    await page.reload();
    await page.waitForSelector('.react-flow__node');
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(2));
    const after = await page.locator('.react-flow__node').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-id')}@${(e as HTMLElement).style.transform}`).sort(),
    );
    expect(after.map((a) => a.split('@')[0])).toEqual(before.map((b) => b.split('@')[0]));
    expect(await edgeCount(page)).toBe(1);
    await expect(node(page, 'shell').locator('.pw-node-summary').textContent()).resolves.toBe('echo kept');

    // Undo survives the reload: the last edit (the command) goes back, then the edge, then a node.
    await page.locator('.react-flow__pane').click({ position: { x: 50, y: 50 } });
    await page.keyboard.press('Control+Z');
    await eventually(async () => expect(await node(page, 'shell').locator('.pw-node-summary').count()).toBe(0));
    await page.keyboard.press('Control+Z');
    await eventually(async () => expect(await edgeCount(page)).toBe(0));
    await page.keyboard.press('Control+Shift+Z');
    await eventually(async () => expect(await edgeCount(page)).toBe(1));
    await page.keyboard.press('Control+Y');
    await eventually(async () => expect(await node(page, 'shell').locator('.pw-node-summary').textContent()).toBe('echo kept'));

    // Delete, then undo brings the node and its connection back.
    await node(page, 'text').click();
    await page.keyboard.press('Delete');
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(1));
    expect(await edgeCount(page)).toBe(0);
    await page.keyboard.press('Control+Z');
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(2));
    // The edge is drawn once the restored node has been measured, a frame or two after it shows.
    await eventually(async () => expect(await edgeCount(page)).toBe(1));
  });

  it('copies nodes and pastes them into another project', async () => {
    await createProject(page, 'Copy from');
    await dragFromPalette(page, 'text', 200, 200);
    await node(page, 'text').click();
    await typeInCode(page, 'text', 'copied text');
    await waitSaved(page);
    await node(page, 'text').click({ position: { x: 20, y: 12 } });
    await page.keyboard.press('Control+C');
    await createProject(page, 'Paste into');
    await page.locator('.react-flow__pane').click({ position: { x: 50, y: 50 } });
    await page.keyboard.press('Control+V');
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(1));
    await expect(node(page, 'text').locator('.pw-node-summary').textContent()).resolves.toBe('copied text');
  });
});

import { describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { createProject, dragFromPalette, eventually, node } from './support/editor';

/** Words only the code editor's and the terminal's own code contain. */
const MONACO = 'monaco-editor-background';
const XTERM = 'xterm-helper-textarea';

/** The scripts the page has loaded so far, with their text. */
function recordScripts(page: Page): Map<string, Promise<string>> {
  const scripts = new Map<string, Promise<string>>();
  page.on('response', (response: Response) => {
    if (/\/assets\/[^/]+\.js$/.test(new URL(response.url()).pathname)) scripts.set(response.url(), response.text());
  });
  return scripts;
}

async function loadedWith(scripts: Map<string, Promise<string>>, word: string): Promise<string[]> {
  const hits: string[] = [];
  for (const [url, text] of scripts) if ((await text).includes(word)) hits.push(url.split('/').pop()!);
  return hits;
}

// The first screen of the editor does not pay for the code editor (Monaco) or the terminal
// (xterm): each is fetched the first time it is shown.
describe.skipIf(!chromiumPresent())('what the first screen loads', () => {
  const session = useEditorSession();

  it('opens a project without the code editor or the terminal, and fetches each when first shown', async () => {
    const page = session.page;
    const scripts = recordScripts(page);
    await page.goto(session.serve.loginUrl);
    await createProject(page, 'First screen');
    await eventually(async () => expect(await page.locator('.palette-item[data-kind="shell"]').count()).toBe(1));
    expect(scripts.size).toBeGreaterThan(0);
    await expect(loadedWith(scripts, MONACO)).resolves.toEqual([]);
    await expect(loadedWith(scripts, XTERM)).resolves.toEqual([]);

    // A shell node's command is edited in the code editor: selecting the node brings it.
    await dragFromPalette(page, 'shell', 300, 200);
    await node(page, 'shell').click();
    await eventually(async () => expect(await page.getByTestId('inspector').locator('.monaco-editor').count()).toBe(1));
    expect((await loadedWith(scripts, MONACO)).length).toBeGreaterThan(0);
    await expect(loadedWith(scripts, XTERM)).resolves.toEqual([]);

    // The logs panel brings the terminal.
    await page.getByRole('button', { name: 'Logs', exact: true }).click();
    await eventually(async () => expect(await page.getByTestId('terminal').locator('.xterm').count()).toBe(1));
    expect((await loadedWith(scripts, XTERM)).length).toBeGreaterThan(0);
    expect(session.errors).toEqual([]);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { reply, startStandInModel } from '../main/adapters/llm/stand-in-model.test-support';
import { chromiumPresent } from './support/browser';
import { eventually, node, status, terminalText, typeInCode, waitSaved } from './support/editor';
import { useEditorSession } from './support/session';

const SHOTS = '/tmp/shots-f';
const at = (x: number, y = 0) => ({ x, y });

async function importDoc(page: Page, dir: string, doc: object): Promise<void> {
  const file = join(dir, `${(doc as { id: string }).id}.pipewright.json`);
  writeFileSync(file, JSON.stringify(doc));
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import template…' }).click()]);
  await chooser.setFiles(file);
  const review = page.getByRole('dialog', { name: /Review/ });
  await review.getByRole('button', { name: 'Looks right' }).click();
  await review.waitFor({ state: 'detached' });
}

/**
 * Ctrl+Enter, then waits for the run to settle with `nodeId` in `expected`: a status that differs
 * from the run before, so the previous run's badges cannot pass for this one's.
 */
async function runAll(page: Page, nodeId: string, expected: string): Promise<void> {
  await page.locator('.pw-canvas').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Enter');
  await eventually(async () => {
    expect(await status(page, nodeId)).toBe(expected);
    expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('succeeded');
  }, 60_000);
}

describe.skipIf(!chromiumPresent())('pinned outputs, live values and cost in the editor', () => {
  const session = useEditorSession();
  const dir = mkdtempSync(join(tmpdir(), 'pw-e2e-pins-'));
  mkdirSync(SHOTS, { recursive: true });
  let closeModel: (() => Promise<void>) | undefined;
  afterAll(() => closeModel?.());

  it('pins a node: runs skip it and hand its result on; unpinned, it runs again; an edge shows what passes along it', async () => {
    const page = session.page;
    await importDoc(page, dir, {
      format: 'pipewright/2',
      id: 'pins-e2e',
      name: 'Pins',
      nodes: [
        { id: 'gen', kind: 'shell', version: 1, params: { command: 'echo hi > notes.txt; echo generated words' }, position: at(0) },
        { id: 'show', kind: 'shell', version: 1, params: { command: 'cat' }, position: at(420) },
        { id: 'words', kind: 'text', version: 1, params: { text: 'kept words' }, position: at(0, 260) },
      ],
      edges: [
        { id: 'e1', from: { node: 'gen', port: 'stdout' }, to: { node: 'show', port: 'input' } },
        { id: 'e2', from: { node: 'gen', port: 'workspace' }, to: { node: 'show', port: 'workspace' } },
      ],
    });
    await node(page, 'gen').waitFor();
    await runAll(page, 'gen', 'succeeded');
    // Its key result on the canvas, once run.
    await eventually(async () => expect(await node(page, 'gen').getByTestId('node-live-value').textContent()).toBe('exit 0'));

    // Hovering the edge shows the value passing along it.
    const edge = page.locator('.react-flow__edge[data-id="e1"] path.react-flow__edge-path');
    const box = (await edge.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const preview = page.getByTestId('edge-preview');
    await eventually(async () => expect(await preview.textContent()).toMatch(/gen\.stdout — text · \d+ characters\s*generated words/));
    await page.screenshot({ path: `${SHOTS}/edge-preview.png` });
    await page.mouse.move(5, 300);
    await preview.waitFor({ state: 'detached' });
    // A folder passing along an edge: its name and how many files it held.
    const folderEdge = (await page.locator('.react-flow__edge[data-id="e2"] path.react-flow__edge-path').boundingBox())!;
    await page.mouse.move(folderEdge.x + folderEdge.width / 2, folderEdge.y + folderEdge.height / 2);
    await eventually(async () => expect(await preview.textContent()).toMatch(/gen\.workspace — workspace · gen · 1 file\b/));
    await page.mouse.move(5, 300);

    // Pin it from the inspector, then give it a command that would leave a file if it ran.
    await node(page, 'gen').click();
    await page.getByRole('button', { name: 'Pin this result' }).click();
    await eventually(async () => expect(await node(page, 'gen').getByTestId('pinned-mark').textContent()).toContain('pinned'));
    await typeInCode(page, 'command', 'touch should-not-exist; echo changed');
    await waitSaved(page);
    // The node's own folder, where its command runs.
    const genFolder = join(session.serve.home, 'workspaces', 'pins-e2e', 'gen');
    expect(existsSync(genFolder)).toBe(true);
    // Downstream changes too, so it runs on what the pinned node hands it.
    await node(page, 'show').click();
    await typeInCode(page, 'command', 'cat; echo "(seen downstream)"');
    await waitSaved(page);
    await page.screenshot({ path: `${SHOTS}/pinned-inspector.png` });

    await runAll(page, 'gen', 'cached');
    expect(await status(page, 'show')).toBe('succeeded');
    expect(existsSync(join(genFolder, 'should-not-exist'))).toBe(false);
    // Downstream got the pinned words, not the new command's.
    await node(page, 'show').click();
    await eventually(async () => expect(await page.getByTestId('node-outputs').textContent()).toMatch(/generated words\s*\(seen downstream\)/));
    await node(page, 'gen').click();
    const logs = page.getByRole('button', { name: 'Logs', exact: true });
    if ((await logs.getAttribute('aria-pressed')) !== 'true') await logs.click();
    await eventually(async () => expect(await terminalText(page)).toContain('used pinned outputs'));
    await page.screenshot({ path: `${SHOTS}/pinned-run.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: `${SHOTS}/pinned-run-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });

    // Pin the text node from its right-click menu, then export: pins stay out unless asked for,
    // and a pin naming a folder of this machine never travels.
    await node(page, 'words').click({ button: 'right' });
    await page.screenshot({ path: `${SHOTS}/node-menu.png` });
    await page.getByRole('menuitem', { name: 'Pin result' }).click();
    await eventually(async () => expect(await node(page, 'words').getByTestId('pinned-mark').count()).toBe(1));
    await waitSaved(page);
    const exported = async (includePins: boolean) => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Export pipeline' });
      await eventually(async () => expect(await dialog.textContent()).toContain('2 nodes have pinned results'));
      if (includePins) await dialog.getByLabel(/Include pinned outputs/).check();
      await page.screenshot({ path: `${SHOTS}/export-dialog.png` });
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export', exact: true }).click()]);
      const doc = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { nodes: { id: string; settings?: { pinned?: { outputs: unknown } } }[] };
      return Object.fromEntries(doc.nodes.map((n) => [n.id, n.settings?.pinned?.outputs]));
    };
    expect(await exported(false)).toEqual({ gen: undefined, show: undefined, words: undefined });
    expect(await exported(true)).toEqual({ gen: undefined, show: undefined, words: { text: 'kept words' } });

    // Unpin from the node's right-click menu: the next run runs it.
    await node(page, 'gen').click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Unpin result' }).click();
    await eventually(async () => expect(await node(page, 'gen').getByTestId('pinned-mark').count()).toBe(0));
    await waitSaved(page);
    await runAll(page, 'gen', 'succeeded');
    expect(existsSync(join(genFolder, 'should-not-exist'))).toBe(true);
    await node(page, 'show').click();
    await eventually(async () => expect(await page.getByTestId('node-outputs').textContent()).toContain('changed'));

    expect(session.errors).toEqual([]);
  });

  it('shows tokens and dollars of an LLM node, the run and the project, and keeps a budget edited in the top bar', async () => {
    const model = await startStandInModel({ models: ['codestral-latest'] });
    closeModel = model.close;
    const files = { files: [{ path: 'README.md', content: '# Notes\n' }], summary: 'notes' };
    // codestral-latest: $0.30 in, $0.90 out per million tokens → $0.0036 + $0.0027.
    model.script(reply(JSON.stringify(files), { promptTokens: 12_000, completionTokens: 3_000 }));
    const page = session.page;
    await importDoc(page, dir, {
      format: 'pipewright/2',
      id: 'cost-e2e',
      name: 'Cost',
      nodes: [
        { id: 'spec', kind: 'text', version: 1, params: { text: '# Notes\nA page of notes.' }, position: at(0) },
        { id: 'model', kind: 'llm-endpoint', version: 1, params: { baseUrl: model.url, model: 'codestral-latest' }, position: at(0, 220) },
        { id: 'gen', kind: 'code-generator', version: 1, params: { mode: 'single-shot' }, position: at(420) },
      ],
      edges: [
        { id: 'e1', from: { node: 'spec', port: 'text' }, to: { node: 'gen', port: 'blueprint' } },
        { id: 'e2', from: { node: 'model', port: 'endpoint' }, to: { node: 'gen', port: 'endpoint' } },
      ],
    });
    await node(page, 'gen').waitFor();
    await runAll(page, 'gen', 'succeeded');
    await eventually(async () => expect(await node(page, 'gen').getByTestId('node-live-value').textContent()).toBe('1 file · 1 round · 15k tokens · $0.0063'));
    const cost = page.getByTestId('cost-summary');
    await eventually(async () => expect(await cost.textContent()).toMatch(/run \$0\.0063 ·\s*project \$0\.0063\s*no budget/));
    expect(await cost.getByTestId('run-spend').getAttribute('title')).toBe('This run: 1 model call, 15000 tokens');
    await node(page, 'gen').click();
    await eventually(async () => expect(await page.getByTestId('node-cost').textContent()).toMatch(/\$0\.0063 · 15k tokens \(12000 in, 3000 out\) · 1 call/));

    // The budget, edited where it is shown.
    await cost.getByRole('button', { name: 'no budget' }).click();
    await page.keyboard.type('2.5');
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await cost.textContent()).toContain('of $2.50 budget'));
    await page.screenshot({ path: `${SHOTS}/cost-topbar.png` });
    // The run history says what each run spent.
    await page.getByRole('tab', { name: /Runs/ }).click();
    await eventually(async () => expect(await page.getByTestId('run-history').getByTestId('run-cost').textContent()).toMatch(/\$0\.0063 · 15k tokens/));
    await page.screenshot({ path: `${SHOTS}/run-history-cost.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: `${SHOTS}/cost-topbar-light.png` });
    await page.emulateMedia({ colorScheme: 'dark' });

    await page.reload();
    await page.waitForSelector('.react-flow');
    await eventually(async () => expect(await page.getByTestId('cost-summary').textContent()).toContain('of $2.50 budget'));
    // The project card on the home screen shows the same, editable there too.
    await page.goto(page.url().replace(/#.*$/, '') + '#/');
    const card = page.locator('.project-card[data-project="cost-e2e"]').getByTestId('project-cost');
    await eventually(async () => expect(await card.textContent()).toMatch(/LLM \$0\.0063\s*of \$2\.50 budget/));
    await page.screenshot({ path: `${SHOTS}/project-card.png` });
    expect(session.errors).toEqual([]);
  });
});

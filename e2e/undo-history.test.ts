import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { FORMAT } from '../nodes/sdk';
import { callServe } from './support/api';
import { chromiumPresent } from './support/browser';
import { connect, createProject, dragFromPalette, edgeCount, eventually, handle, waitSaved } from './support/editor';
import { useEditorSession } from './support/session';

// Undo that survives a reload, in Chromium against the real `pipewright serve` and its SQLite:
// the history is stored apart from the document, one patch per step, and an autosave sends
// only the steps it has not sent yet.

const nodeCount = (page: Page) => page.locator('.react-flow__node').count();

async function undo(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+Z');
}

async function redo(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+Shift+Z');
}

async function reload(page: Page, nodes: number): Promise<void> {
  await page.reload();
  await page.waitForSelector('.react-flow');
  await eventually(async () => expect(await nodeCount(page)).toBe(nodes));
}

describe.skipIf(!chromiumPresent())('undo across reloads in a browser', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(() => {
    page = session.page;
  });

  it('undoes and redoes after a reload, keeps where it was, and drops redo after a new edit', async () => {
    await createProject(page, 'Undo after reload');
    await dragFromPalette(page, 'text', 200, 200);
    await dragFromPalette(page, 'shell', 560, 200);
    await connect(page, handle(page, 'text', 'text', 'out'), handle(page, 'shell', 'input', 'in'));
    await eventually(async () => expect(await edgeCount(page)).toBe(1));
    await waitSaved(page);

    await reload(page, 2);
    expect(await edgeCount(page)).toBe(1);
    await undo(page);
    await eventually(async () => expect(await edgeCount(page)).toBe(0));
    await waitSaved(page);

    // The undone step is still there to redo after another reload.
    await reload(page, 2);
    expect(await edgeCount(page)).toBe(0);
    await redo(page);
    await eventually(async () => expect(await edgeCount(page)).toBe(1));
    await undo(page);
    await undo(page);
    await eventually(async () => expect(await nodeCount(page)).toBe(1));
    await waitSaved(page);

    // Redo the shell node, then a new edit: the undone connection can no longer be redone.
    await reload(page, 1);
    await redo(page);
    await eventually(async () => expect(await nodeCount(page)).toBe(2));
    await dragFromPalette(page, 'text', 200, 460);
    await eventually(async () => expect(await nodeCount(page)).toBe(3));
    await waitSaved(page);

    await reload(page, 3);
    await redo(page);
    await undo(page);
    await eventually(async () => expect(await nodeCount(page)).toBe(2));
    expect(await edgeCount(page)).toBe(0);
    await undo(page);
    await eventually(async () => expect(await nodeCount(page)).toBe(1));
    await undo(page);
    await eventually(async () => expect(await nodeCount(page)).toBe(0));
    await waitSaved(page);
    await reload(page, 0);
    expect(session.errors).toEqual([]);
  });

  it('sends a small history after one edit on a 1,000-node graph, and undoes it after a reload', async () => {
    const doc = {
      format: FORMAT,
      id: 'thousand',
      name: 'A thousand nodes',
      nodes: Array.from({ length: 1000 }, (_, i) => ({
        id: `n${i}`,
        kind: 'shell',
        params: { command: `echo ${i}` },
        position: { x: (i % 40) * 300, y: Math.floor(i / 40) * 240 },
      })),
      edges: Array.from({ length: 999 }, (_, i) => ({
        id: `w${i + 1}`,
        from: { node: `n${i}`, port: 'workspace' },
        to: { node: `n${i + 1}`, port: 'workspace' },
      })),
    };
    const [imported] = (await callServe(session.serve, [{ name: 'templates.import', input: { fileName: 'thousand.json', text: JSON.stringify(doc) } }])) as {
      project: { id: string; mainPipelineId: string };
    }[];
    const id = imported.project.mainPipelineId;
    await callServe(session.serve, [{ name: 'templates.confirmReview', input: { pipelineId: id } }]);
    const stored = async () => {
      const [opened] = (await callServe(session.serve, [{ name: 'pipeline.open', input: { id } }])) as { doc: typeof doc }[];
      return opened.doc.nodes.map((n) => n.id);
    };

    // Every call the page sends from here on, by name, with its size on the wire.
    const sent: { name: string; bytes: number }[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        const name = /"name":"([^"]+)"/.exec(String(payload))?.[1];
        if (name) sent.push({ name, bytes: Buffer.byteLength(payload) });
      }),
    );
    await page.goto(`${session.serve.url}/#/project/${encodeURIComponent(imported.project.id)}`);
    // A fresh page load: its socket is the one watched.
    await page.reload();
    await page.waitForSelector('.react-flow__node', { timeout: 60_000 });

    await dragFromPalette(page, 'text', 300, 300);
    await eventually(async () => expect(await stored()).toHaveLength(1001), 30_000);
    await waitSaved(page);
    const saves = sent.filter((c) => c.name === 'pipeline.save');
    const histories = sent.filter((c) => c.name === 'pipeline.saveHistory');
    console.log(
      `autosave after one edit on a 1,000-node graph: document ${saves.map((c) => c.bytes).join(', ')} bytes, history ${histories.map((c) => c.bytes).join(', ')} bytes`,
    );
    // The document travels whole; the history only as the one step the edit made.
    expect(saves.at(-1)!.bytes).toBeGreaterThan(100_000);
    expect(sent.map((c) => c.name)).toContain('pipeline.open');
    expect(histories).toHaveLength(1);
    expect(histories[0].bytes).toBeLessThan(2048);
    expect(await stored()).toHaveLength(1001);

    await page.reload();
    await page.waitForSelector('.react-flow__node', { timeout: 60_000 });
    await undo(page);
    await eventually(async () => expect(await stored()).toHaveLength(1000), 30_000);
    expect(await stored()).toEqual(doc.nodes.map((n) => n.id));
    expect(session.errors).toEqual([]);
  });
});

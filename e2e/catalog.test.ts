import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../nodes/sdk';
import { callServe } from './support/api';
import { chromiumPresent } from './support/browser';
import { connect, edgeCount, eventually, handle, node, status, waitSaved } from './support/editor';
import { useEditorSession } from './support/session';

// Pipelines of pipelines in Chromium against the real `pipewright serve`, its SQLite and real
// ptys: the palette's Pipelines section, a sub-pipeline made from a selection and run, and
// opening a sub-pipeline node with the breadcrumb back.

/** Where a journey leaves its screenshots when PIPEWRIGHT_SHOTS names a folder. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.PIPEWRIGHT_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png` });
}

const nodeIds = (page: Page) =>
  page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!).sort());

const at = (id: string, kind: string, params: Record<string, unknown>, x: number, y: number) => ({
  id,
  kind,
  version: 1,
  params,
  position: { x, y },
});

async function openProject(page: Page, id: string, nodes: number): Promise<void> {
  await page.goto(`${page.url().replace(/#.*$/, '')}#/project/${encodeURIComponent(id)}`);
  await page.waitForSelector('.react-flow');
  await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(nodes));
}

/** Runs the pipeline with the keyboard and waits for this run, the pipeline's `nth`, to succeed. */
async function runAll(page: Page, nth: number): Promise<void> {
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+Enter');
  // The run history counts the run once it started; until then the status shown is the last run's.
  await eventually(async () => expect(await page.getByRole('tab', { name: /Runs/ }).textContent()).toBe(`Runs${nth}`), 20_000);
  await eventually(async () => expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('succeeded'), 60_000);
}

/** What the inspector shows a node produced on one port in the run shown. */
async function outputOf(page: Page, id: string, port: string): Promise<string> {
  await node(page, id).click({ position: { x: 20, y: 12 } });
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const field = page.getByTestId('node-outputs').locator('.field').filter({ has: page.locator('.field-label', { hasText: new RegExp(`^${port}$`) }) });
  await eventually(async () => expect(await field.count()).toBe(1));
  return (await field.locator('pre').textContent()) ?? '';
}

describe.skipIf(!chromiumPresent())('pipelines of pipelines in a browser', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(() => {
    page = session.page;
  });

  it('drags a saved pipeline from the palette and shows its ports, ready to connect and run', async () => {
    const [tools, app] = (await callServe(session.serve, [
      { name: 'projects.create', input: { name: 'Tools' } },
      { name: 'projects.create', input: { name: 'Uses tools' } },
    ])) as { id: string; mainPipelineId: string }[];
    const greeter: Pipeline = {
      format: FORMAT,
      id: tools.mainPipelineId,
      name: 'Greeter',
      description: 'Greets whoever it is given',
      nodes: [
        at('who', 'pipeline-input', { name: 'who', type: 'text' }, 0, 0),
        at('greet', 'shell', { command: 'sed "s/^/Hello, /"' }, 320, 0),
        at('out', 'pipeline-output', { name: 'greeting' }, 640, 0),
      ],
      edges: [
        { id: 'e1', from: { node: 'who', port: 'value' }, to: { node: 'greet', port: 'input' } },
        { id: 'e2', from: { node: 'greet', port: 'stdout' }, to: { node: 'out', port: 'value' } },
      ],
    };
    const name: Pipeline = { format: FORMAT, id: app.mainPipelineId, name: 'Uses tools', nodes: [at('name', 'text', { text: 'Ada' }, 0, 0)], edges: [] };
    await callServe(session.serve, [
      { name: 'pipeline.save', input: { doc: greeter, projectId: tools.id } },
      { name: 'pipeline.save', input: { doc: name, projectId: app.id } },
    ]);
    await openProject(page, app.id, 1);

    const item = page.locator(`.palette-item[data-ref="${tools.mainPipelineId}"]`);
    await expect(item.textContent()).resolves.toContain('Greeter');
    await expect(item.textContent()).resolves.toContain('Tools');
    // The open pipeline is not offered to itself.
    await expect(page.locator(`.palette-item[data-ref="${app.mainPipelineId}"]`).count()).resolves.toBe(0);
    await shot(page, 'catalog-palette');
    // A search finds it by name while the kinds that do not match go.
    await page.getByLabel('Search nodes').fill('greet');
    await eventually(async () => expect(await page.locator('.palette-item').count()).toBe(1));
    await expect(item.isVisible()).resolves.toBe(true);
    await page.getByLabel('Search nodes').fill('');

    await page.dragAndDrop(`.palette-item[data-ref="${tools.mainPipelineId}"]`, '.react-flow__pane', { targetPosition: { x: 560, y: 200 } });
    await eventually(async () => expect(await nodeIds(page)).toEqual(['name', 'pipeline']));
    await expect(node(page, 'pipeline').locator('.pw-node-title .name').textContent()).resolves.toBe('Greeter');
    await eventually(async () => {
      expect(await handle(page, 'pipeline', 'who', 'in').count()).toBe(1);
      expect(await handle(page, 'pipeline', 'greeting', 'out').count()).toBe(1);
    });
    await shot(page, 'catalog-dropped');

    await connect(page, handle(page, 'name', 'text', 'out'), handle(page, 'pipeline', 'who', 'in'));
    await eventually(async () => expect(await edgeCount(page)).toBe(1));
    await waitSaved(page);
    await expect.poll(() => page.locator('[data-testid="node-issues"]').count()).toBe(0);
    await runAll(page, 1);
    expect(await outputOf(page, 'pipeline', 'greeting')).toContain('Hello, Ada');
    expect(session.errors).toEqual([]);
  });

  it('makes a sub-pipeline from a selection that runs to the same outputs, opens it, comes back, and undoes it in one step', async () => {
    const [project] = (await callServe(session.serve, [{ name: 'projects.create', input: { name: 'Shouting' } }])) as { id: string; mainPipelineId: string }[];
    const flat: Pipeline = {
      format: FORMAT,
      id: project.mainPipelineId,
      name: 'Shouting',
      nodes: [
        at('say', 'text', { text: 'hello there' }, 0, 0),
        at('upper', 'shell', { command: 'tr a-z A-Z' }, 320, 0),
        at('stars', 'shell', { command: 'sed "s/.*/** & **/"' }, 640, 0),
        at('count', 'shell', { command: 'wc -c | tr -d " "' }, 960, 0),
      ],
      edges: [
        { id: 'e1', from: { node: 'say', port: 'text' }, to: { node: 'upper', port: 'input' } },
        { id: 'e2', from: { node: 'upper', port: 'stdout' }, to: { node: 'stars', port: 'input' } },
        { id: 'e3', from: { node: 'stars', port: 'stdout' }, to: { node: 'count', port: 'input' } },
      ],
    };
    await callServe(session.serve, [{ name: 'pipeline.save', input: { doc: flat, projectId: project.id } }]);
    await openProject(page, project.id, 4);

    // The flat pipeline's results, to compare with.
    await runAll(page, 1);
    const flatStars = await outputOf(page, 'stars', 'stdout');
    const flatCount = await outputOf(page, 'count', 'stdout');
    expect(flatStars).toContain('** HELLO THERE **');
    expect(flatCount).toMatch(/^\s*\d+\s*$/);

    // Nothing selected: refused, saying what to do.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.getByRole('button', { name: 'Make sub-pipeline' }).click();
    await eventually(async () => expect(await page.locator('.toast.error').last().textContent()).toMatch(/select the nodes to make into a sub-pipeline/));

    // Select the two middle steps with the mouse and make them a sub-pipeline.
    await node(page, 'upper').click({ position: { x: 20, y: 12 } });
    await node(page, 'stars').click({ position: { x: 20, y: 12 }, modifiers: ['Control'] });
    await eventually(async () => expect(await page.locator('.react-flow__node.selected').count()).toBe(2));
    await page.getByRole('button', { name: 'Make sub-pipeline' }).click();
    await page.getByLabel('Name of the new pipeline').fill('Shout');
    await shot(page, 'subpipeline-name');
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await nodeIds(page)).toEqual(['count', 'say', 'shout']));
    await eventually(async () => expect(await edgeCount(page)).toBe(2));
    expect(await handle(page, 'shout', 'input', 'in').count()).toBe(1);
    expect(await handle(page, 'shout', 'stdout', 'out').count()).toBe(1);
    await waitSaved(page);
    await expect.poll(() => page.locator('[data-testid="node-issues"]').count()).toBe(0);
    await shot(page, 'subpipeline-made');

    await runAll(page, 2);
    for (const id of ['say', 'shout', 'count']) expect(['succeeded', 'cached']).toContain(await status(page, id));
    expect(await status(page, 'shout')).toBe('succeeded');
    // The sub-pipeline hands out what the flat pipeline's last step inside it produced, and
    // the step after it gets the same.
    expect(await outputOf(page, 'shout', 'stdout')).toBe(flatStars);
    expect(await outputOf(page, 'count', 'stdout')).toBe(flatCount);
    await shot(page, 'subpipeline-run');

    // Double-click opens the inner pipeline; the breadcrumb leads back out.
    await node(page, 'shout').dblclick({ position: { x: 20, y: 12 } });
    await eventually(async () => expect(await page.getByTestId('breadcrumb').textContent()).toBe('Shouting›Shout'));
    await eventually(async () => expect(await nodeIds(page)).toEqual(['in-input', 'out-stdout', 'stars', 'upper']));
    await eventually(async () => expect(await edgeCount(page)).toBe(3));
    await shot(page, 'subpipeline-open');
    await page.getByTestId('breadcrumb').getByRole('button', { name: 'Shouting' }).click();
    await eventually(async () => expect(await nodeIds(page)).toEqual(['count', 'say', 'shout']));
    await expect(page.getByTestId('breadcrumb').count()).resolves.toBe(0);

    // One undo gives back the two steps and their edges; the new pipeline stays in the palette.
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+Z');
    await eventually(async () => expect(await nodeIds(page)).toEqual(['count', 'say', 'stars', 'upper']));
    await eventually(async () => expect(await edgeCount(page)).toBe(3));
    await expect(page.locator('.palette-item[data-ref="shout"]').textContent()).resolves.toContain('Shout');
    await shot(page, 'subpipeline-undone');
    expect(session.errors).toEqual([]);
  });
});

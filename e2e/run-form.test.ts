import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../nodes/sdk';
import { callServe } from './support/api';
import { chromiumPresent } from './support/browser';
import { eventually, node, status } from './support/editor';
import { useEditorSession } from './support/session';

// The run form, the queue, progress on the node and the window title, in Chromium against the
// real `pipewright serve`, its SQLite and real ptys. Each run's shell step waits for a gate file
// named after the run's topic, so the journey decides when a run ends.

const SHOTS = process.env.PIPEWRIGHT_SHOTS ?? '/tmp/shots-b';
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** The same screen in the light theme too, once its colours have settled. */
async function shotLight(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  await page.waitForTimeout(400);
  await shot(page, name);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
}

const at = (id: string, kind: string, params: Record<string, unknown>, x: number, y: number) => ({ id, kind, version: 1, params, position: { x, y } });

function gatedPipeline(id: string, gates: string): Pipeline {
  return {
    format: FORMAT,
    id,
    name: 'Inputs journey',
    nodes: [
      at('topic', 'pipeline-input', { name: 'topic', type: 'text', default: 'cats', description: 'What the app is about, in a word' }, 0, 0),
      at('count', 'pipeline-input', { name: 'count', type: 'json', default: 2 }, 0, 220),
      at(
        'gate',
        'shell',
        { command: 'read t\necho "::progress 1/2 waiting for the gate"\nwhile [ ! -f "$GATES/$t" ]; do sleep 0.1; done\necho "topic=$t"', env: { GATES: gates } },
        340,
        0,
      ),
      at('out', 'pipeline-output', { name: 'count' }, 340, 260),
    ],
    edges: [
      { id: 'e1', from: { node: 'topic', port: 'value' }, to: { node: 'gate', port: 'input' } },
      { id: 'e2', from: { node: 'count', port: 'value' }, to: { node: 'out', port: 'value' } },
    ],
  };
}

const form = (page: Page) => page.getByRole('dialog', { name: 'Run with inputs' });
const field = (page: Page, name: string) => form(page).locator(`#run-input-${name}`);

/** What the inspector shows a node produced on one port in the run on screen. */
async function outputOf(page: Page, id: string, port: string): Promise<string> {
  await node(page, id).click({ position: { x: 20, y: 12 } });
  await page.getByRole('tab', { name: 'Inspector' }).click();
  const out = page.getByTestId('node-outputs').locator('.field').filter({ has: page.locator('.field-label', { hasText: new RegExp(`^${port}$`) }) });
  await eventually(async () => expect(await out.count()).toBe(1));
  return (await out.locator('pre').textContent()) ?? '';
}

describe.skipIf(!chromiumPresent())('the run form and the queue in a browser', () => {
  const session = useEditorSession();
  let page: Page;
  const gates = mkdtempSync(join(tmpdir(), 'pw-run-form-gates-'));
  afterAll(() => rmSync(gates, { recursive: true, force: true }));

  beforeEach(() => {
    page = session.page;
  });

  it('asks for the inputs, runs with them, queues runs while one goes, remembers values and presets, and shows progress and state in the title', async () => {
    const [project] = (await callServe(session.serve, [{ name: 'projects.create', input: { name: 'Inputs journey' } }])) as { id: string; mainPipelineId: string }[];
    const doc = gatedPipeline(project.mainPipelineId, gates);
    await callServe(session.serve, [{ name: 'pipeline.save', input: { doc, projectId: project.id } }]);
    const projectUrl = `${page.url().replace(/#.*$/, '')}#/project/${encodeURIComponent(project.id)}`;
    await page.goto(projectUrl);
    await page.waitForSelector('.react-flow');
    await eventually(async () => expect(await page.locator('.react-flow__node').count()).toBe(4));
    expect(await page.title()).toBe('Inputs journey — Pipewright');

    // Run opens the form: one field per input, typed, defaults filled, descriptions shown.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await form(page).waitFor();
    await expect(field(page, 'topic').inputValue()).resolves.toBe('cats');
    await expect(field(page, 'count').inputValue()).resolves.toBe('2');
    await expect(form(page).textContent()).resolves.toContain('What the app is about, in a word');
    await expect(form(page).locator('[data-input="count"] .type').textContent()).resolves.toBe('number');
    await shot(page, 'run-form');
    await shotLight(page, 'run-form-light');

    // A value of the wrong type is refused in the form, naming the input; nothing runs.
    await field(page, 'count').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('lots');
    await form(page).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(form(page).getByRole('alert').textContent()).resolves.toBe('input "count" takes a number, not "lots"');
    await shot(page, 'run-form-error');
    expect(await page.getByTestId('run-status').count()).toBe(0);

    await field(page, 'count').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('5');
    await field(page, 'topic').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('dogs');
    await page.keyboard.press('Control+Enter');
    await form(page).waitFor({ state: 'detached' });

    // The run waits at its gate: the shell's progress shows as a bar on the node, the title says it runs.
    const bar = node(page, 'gate').getByTestId('node-progress');
    await eventually(async () => expect(await bar.textContent()).toContain('waiting for the gate'), 20_000);
    await expect(bar.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('50');
    await eventually(async () => expect(await page.title()).toMatch(/^▶ \d\/4 · Inputs journey — Pipewright$/));
    await expect(page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '')).resolves.toMatch(/^data:image\/svg\+xml,.*%233b82f6/);
    await shot(page, 'run-progress');
    await shotLight(page, 'run-progress-light');

    // Run while it goes: the form opens with the values just used, and the run joins the queue.
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await form(page).waitFor();
    await expect(field(page, 'topic').inputValue()).resolves.toBe('dogs');
    await expect(field(page, 'count').inputValue()).resolves.toBe('5');
    await field(page, 'topic').fill('birds');
    await form(page).getByRole('button', { name: 'Queue run' }).click();
    await form(page).waitFor({ state: 'detached' });
    await page.keyboard.press('Control+Enter');
    await form(page).waitFor();
    await field(page, 'topic').fill('fish');
    await page.keyboard.press('Control+Enter');
    await form(page).waitFor({ state: 'detached' });
    const queueButton = page.getByRole('button', { name: /^Queue · \d$/ });
    await eventually(async () => expect(await queueButton.textContent()).toBe('Queue · 2'));
    await queueButton.click();
    const queued = page.getByTestId('queued-run');
    await expect(queued.allTextContents()).resolves.toEqual([expect.stringContaining('topic = birds, count = 5'), expect.stringContaining('topic = fish, count = 5')]);
    await shot(page, 'run-queue');
    await shotLight(page, 'run-queue-light');
    // Fish first, then birds leaves the queue.
    await page.getByRole('button', { name: 'Move 2 up' }).click();
    await eventually(async () => expect(await queued.first().textContent()).toContain('topic = fish'));
    await page.getByRole('button', { name: 'Remove 2 from the queue' }).click();
    await eventually(async () => expect(await queueButton.textContent()).toBe('Queue · 1'));
    await expect(queued.allTextContents()).resolves.toEqual([expect.stringContaining('topic = fish, count = 5')]);

    // The first run ends; the queued one starts by itself, with its own inputs, and waits at its gate.
    writeFileSync(join(gates, 'dogs'), '');
    await eventually(async () => expect(await page.getByRole('tab', { name: /Runs/ }).textContent()).toBe('Runs2'), 30_000);
    await eventually(async () => expect(await queueButton.count()).toBe(0));
    await eventually(async () => expect(await bar.textContent()).toContain('waiting for the gate'), 20_000);
    writeFileSync(join(gates, 'fish'), '');
    await eventually(async () => expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('succeeded'), 30_000);
    expect(await status(page, 'gate')).toBe('succeeded');
    expect(await bar.count()).toBe(0);
    expect(await outputOf(page, 'gate', 'stdout')).toContain('topic=fish');
    expect(await outputOf(page, 'count', 'value')).toContain('5');
    await eventually(async () => expect(await page.title()).toBe('✓ done · Inputs journey — Pipewright'));
    await shot(page, 'run-done');
    // What each run was given, as main recorded it: birds never ran.
    const [runs] = (await callServe(session.serve, [{ name: 'runs.list', input: { pipelineId: doc.id } }])) as { inputs: Record<string, unknown> }[][];
    expect(runs.map((r) => r.inputs)).toEqual([{ topic: 'fish', count: 5 }, { topic: 'dogs', count: 5 }]);

    // After a reload the form opens with the last values; a preset saved now is there after another.
    await page.reload();
    await page.waitForSelector('.react-flow');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await form(page).waitFor();
    await expect(field(page, 'topic').inputValue()).resolves.toBe('fish');
    await expect(field(page, 'count').inputValue()).resolves.toBe('5');
    await field(page, 'topic').fill('lions');
    await field(page, 'count').fill('9');
    await form(page).getByRole('button', { name: 'Save as preset…' }).click();
    await page.getByLabel('Preset name').fill('Big cats');
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await form(page).getByLabel('Preset', { exact: true }).inputValue()).toBe('Big cats'));
    await shot(page, 'run-form-preset');
    // Naming a preset runs nothing.
    await expect(page.getByRole('tab', { name: /Runs/ }).textContent()).resolves.toBe('Runs2');
    await page.keyboard.press('Escape');
    await form(page).waitFor({ state: 'detached' });

    await page.reload();
    await page.waitForSelector('.react-flow');
    await page.keyboard.press('Control+Enter');
    await form(page).waitFor();
    await expect(field(page, 'topic').inputValue()).resolves.toBe('fish');
    await form(page).getByLabel('Preset', { exact: true }).selectOption('Big cats');
    await expect(field(page, 'topic').inputValue()).resolves.toBe('lions');
    await expect(field(page, 'count').inputValue()).resolves.toBe('9');
    await form(page).getByRole('button', { name: 'Delete' }).click();
    await eventually(async () => expect(await form(page).getByLabel('Preset', { exact: true }).locator('option').allTextContents()).toEqual(['No presets yet']));
    await page.keyboard.press('Escape');
    await form(page).waitFor({ state: 'detached' });
    await expect(page.getByRole('tab', { name: /Runs/ }).textContent()).resolves.toBe('Runs2');
    expect(session.errors).toEqual([]);
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { eventually } from './support/editor';

// The journey of issue 11 in Chromium, offline: no endpoint is configured, so the planner
// without a model answers; the pipeline it proposes runs for real on the local images
// (run with `eval "$(bash .ci/images/build-local-images.sh --env)"`).

const REQUEST = 'a little service where my running club logs our runs, in Node';

function chat(page: Page) {
  return page.getByRole('log', { name: 'Conversation' });
}

describe.skipIf(!chromiumPresent())('Ask in a browser', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(() => {
    page = session.page;
  });

  it('changes a plan on request, discards it without saving anything, and takes the next request afresh', async () => {
    const box = page.getByRole('textbox', { name: 'Describe the app you want' });
    // A request too long to be a description is stopped in the box, which keeps the text.
    await box.fill(`a Node API for ${'very '.repeat(4_100)}long notes`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/characters: a request holds at most 20,000/);
    await expect(page.getByRole('button', { name: 'Send' }).isDisabled()).resolves.toBe(true);
    await box.press('Enter');
    await expect(box.inputValue()).resolves.toMatch(/long notes$/);
    await expect(chat(page).locator('.chat-msg').count()).resolves.toBe(0);
    await box.fill('');
    await box.click();
    await page.keyboard.type('a small web site for my bakery');
    await page.keyboard.press('Enter');
    const first = page.getByTestId('plan-card').first();
    await first.getByRole('button', { name: 'Change…' }).click({ timeout: 30_000 });
    await first.getByRole('textbox', { name: 'What should change' }).click();
    await page.keyboard.type('make it a Python API with a breads resource');
    await page.keyboard.press('Enter');
    const second = page.getByTestId('plan-card').nth(1);
    await second.waitFor({ timeout: 30_000 });
    await expect(first.textContent()).resolves.toContain('Replaced by a newer proposal');
    await expect(second.textContent()).resolves.toMatch(/Python/);
    await second.getByRole('button', { name: 'Discard' }).click();
    await expect(second.textContent()).resolves.toContain('Discarded: nothing was saved');
    await page.getByTestId('plan-preview').waitFor({ state: 'detached' });

    // Discarded means gone: the next request is a new conversation, not an error about the old one.
    await box.click();
    await page.keyboard.type('a tiny Node service that counts visits');
    await page.keyboard.press('Enter');
    await page.getByTestId('plan-card').nth(2).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('plan-card').nth(2).textContent()).resolves.toMatch(/Node/);
    await expect(chat(page).locator('.chat-msg.error').count()).resolves.toBe(0);
    await page.reload();
    await page.waitForSelector('.home');
    await expect(page.locator('[data-project]').count()).resolves.toBe(0);
    expect(session.errors).toEqual([]);
  }, 120_000);

  it('turns a request on the start page into a previewed plan and, confirmed, a running app whose link answers; in the editor a change is previewed, discarded, then confirmed and saved', async () => {
    const box = page.getByRole('textbox', { name: 'Describe the app you want' });
    await expect(box.isVisible()).resolves.toBe(true);
    await expect(chat(page).getAttribute('aria-live')).resolves.toBe('polite');

    // Shift+Enter is a new line in the request; Enter sends it.
    await box.click();
    await page.keyboard.type('a little service where my running club logs our runs,');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('in Node');
    await expect(box.inputValue()).resolves.toBe(REQUEST.replace(', in', ',\nin'));
    await page.keyboard.press('Enter');
    await expect(box.inputValue()).resolves.toBe('');

    const plan = page.getByTestId('plan-card');
    await plan.waitFor({ timeout: 30_000 });
    await expect(chat(page).textContent()).resolves.toContain('my running club logs our runs');
    const planText = (await plan.textContent()) ?? '';
    expect(planText).toMatch(/Node/);
    expect(planText).toMatch(/runs/);
    expect(planText).toMatch(/without a model/i);
    await expect(plan.locator('.plan-steps li').count()).resolves.toBeGreaterThan(1);

    // The proposal is drawn, every node new, and nothing is saved before Confirm.
    const preview = page.getByTestId('plan-preview');
    await eventually(async () => expect(await preview.locator('.react-flow__node').count()).toBeGreaterThan(1));
    const drawn = await preview.locator('.react-flow__node').count();
    await expect(preview.locator('.react-flow__node.pw-preview-added').count()).resolves.toBe(drawn);
    await expect(page.locator('[data-project]').count()).resolves.toBe(0);

    // Confirm saves and shows what will run; nothing runs until "Run it".
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    const review = page.getByTestId('ask-review');
    await review.waitFor({ timeout: 30_000 });
    const reviewText = (await review.textContent()) ?? '';
    expect(reviewText).toMatch(/Review what it will run/);
    expect(reviewText).toMatch(/3 nodes/);
    expect(reviewText).toMatch(/[1-9]\d* images?/);
    // Saved: the new project is in the list below the chat without a reload.
    await eventually(async () => expect(await page.locator('[data-project]').count()).toBe(1));
    await new Promise((r) => setTimeout(r, 1500));
    await expect(chat(page).locator('.chat-progress').count()).resolves.toBe(0);
    await review.getByRole('button', { name: 'Run it' }).click();
    await eventually(async () => expect(await review.getAttribute('data-state')).toBe('running'));

    const answer = page.getByTestId('ask-answer');
    await answer.waitFor({ timeout: 180_000 });
    await expect(answer.textContent()).resolves.toContain('It is running');
    // The answer comes into view as it arrives: the person need not scroll to find the link.
    await eventually(async () => expect(await answer.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; })).toBe(true));
    // Progress came in node by node before the answer.
    await expect(chat(page).locator('.chat-progress.succeeded').count()).resolves.toBeGreaterThan(0);
    const links = answer.locator('a[href^="http"]');
    await expect(links.count()).resolves.toBeGreaterThan(0);
    const href = (await links.first().getAttribute('href'))!;
    const res = await fetch(href, { signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);

    // The confirmed plan is a saved project now, and its conversation comes back in its editor.
    await answer.getByRole('link', { name: 'Open the pipeline' }).click();
    await page.waitForSelector('.react-flow__node');
    await page.getByRole('tab', { name: 'Chat' }).click();
    await eventually(async () => expect(await chat(page).textContent()).toContain('my running club logs our runs'));
    // With what became of it: the plan confirmed, and the answer with the link to the running app.
    await expect(chat(page).getByTestId('ask-answer').locator('a[href^="http"]').first().getAttribute('href')).resolves.toBe(href);
    await expect(chat(page).getByTestId('plan-card').first().textContent()).resolves.toContain('Confirmed');

    // In the editor a request changes the open pipeline: drawn on the canvas, the graph untouched until Confirm.
    const canvasText = () => page.locator('.pw-canvas').textContent();
    await expect(canvasText()).resolves.toContain('node-api');
    const change = page.getByRole('textbox', { name: 'Ask for a change to this pipeline' });
    await change.click();
    await page.keyboard.type('use Python instead');
    await page.keyboard.press('Enter');
    await page.getByTestId('plan-card').last().getByRole('button', { name: 'Discard' }).waitFor({ timeout: 30_000 });
    await page.locator('.pw-canvas.previewing').waitFor();
    await expect(page.locator('.react-flow__node.pw-preview-changed').count()).resolves.toBeGreaterThan(0);
    await expect(canvasText()).resolves.toContain('python-api');
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.locator('.pw-canvas.previewing').waitFor({ state: 'detached' });
    await expect(canvasText()).resolves.toContain('node-api');
    await expect(canvasText()).resolves.not.toContain('python-api');

    // Asked again and confirmed, the change is saved: a reload shows it.
    await change.click();
    await page.keyboard.type('use Python instead');
    await page.keyboard.press('Enter');
    await page.locator('.pw-canvas.previewing').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.locator('.pw-canvas.previewing').waitFor({ state: 'detached', timeout: 30_000 });
    await eventually(async () => expect(await canvasText()).toContain('python-api'), 30_000);
    // "Not now" keeps the saved change and runs nothing.
    const editorReview = page.getByTestId('ask-review').last();
    await editorReview.getByRole('button', { name: 'Not now' }).click();
    await expect(editorReview.getAttribute('data-state')).resolves.toBe('declined');
    await expect(chat(page).locator('.chat-progress').count()).resolves.toBe(0);
    await page.reload();
    await page.waitForSelector('.react-flow__node');
    await eventually(async () => expect(await canvasText()).toContain('python-api'));
    expect(session.errors).toEqual([]);
  }, 300_000);
});

describe.skipIf(!chromiumPresent())('Ask in a browser, when the run fails', () => {
  // The code generator's sandbox image set to one this machine lacks (and cannot pull,
  // offline): its node fails, as a real missing image does.
  const saved = process.env.PIPEWRIGHT_IMAGE_SANDBOX;
  beforeAll(() => {
    process.env.PIPEWRIGHT_IMAGE_SANDBOX = 'pipewright-local/absent-sandbox';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.PIPEWRIGHT_IMAGE_SANDBOX;
    else process.env.PIPEWRIGHT_IMAGE_SANDBOX = saved;
  });
  const session = useEditorSession();

  it("reports the failing node's error in the chat, with Diagnose beside it", async () => {
    const page = session.page;
    await page.getByRole('textbox', { name: 'Describe the app you want' }).click();
    await page.keyboard.type(REQUEST);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click({ timeout: 30_000 });
    await page.getByTestId('ask-review').getByRole('button', { name: 'Run it' }).click({ timeout: 30_000 });
    const answer = page.getByTestId('ask-answer');
    await answer.waitFor({ timeout: 120_000 });
    await expect(answer.textContent()).resolves.toContain('The run failed');
    const failed = chat(page).locator('.chat-progress.failed');
    await expect(failed.count()).resolves.toBe(1);
    await expect(failed.textContent()).resolves.toContain('absent-sandbox');
    await failed.getByTestId('diagnose').click();
    const diagnosis = failed.getByTestId('diagnosis');
    await diagnosis.waitFor({ timeout: 30_000 });
    // The diagnosis of this run's failed node came back (a rule's cause, or the word that none knows it).
    await expect(diagnosis.textContent()).resolves.toMatch(/Cause:|No offline rule knows this failure/);

    // In the editor, a change run from the chat that fails reports there too, and the chat stays in view.
    await answer.getByRole('link', { name: 'Open the pipeline' }).click();
    await page.waitForSelector('.react-flow__node');
    await page.getByRole('tab', { name: 'Chat' }).click();
    const change = page.getByRole('textbox', { name: 'Ask for a change to this pipeline' });
    await change.click();
    await page.keyboard.type('add shoes (brand, size)');
    await page.keyboard.press('Enter');
    await page.locator('.pw-canvas.previewing').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByTestId('ask-review').last().getByRole('button', { name: 'Run it' }).click({ timeout: 30_000 });
    await eventually(async () => expect(await chat(page).locator('.chat-progress.failed').count()).toBe(1), 120_000);
    await expect(page.getByTestId('ask-answer').last().textContent()).resolves.toContain('The run failed');
    await expect(page.getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(chat(page).locator('.chat-progress.failed').getByTestId('diagnose').isVisible()).resolves.toBe(true);
    expect(session.errors).toEqual([]);
  }, 240_000);
});

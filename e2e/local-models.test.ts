import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStandInModel } from '../main/adapters/local-llm/stand-in-gguf.test-support';
import { chromiumPresent, openBrowser, type OpenBrowser } from './support/browser';
import { eventually } from './support/editor';
import { startServe, type ServeProcess } from './support/server';

/** Leaves a picture for a person to look at, when PIPEWRIGHT_SHOTS names a folder. */
async function shot(target: { screenshot(options: { path: string }): Promise<unknown> }, name: string): Promise<void> {
  const dir = process.env.PIPEWRIGHT_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await target.screenshot({ path: join(dir, `${name}.png`) });
}

// Settings → Local models against a real pipewright serve: the catalog, a model file added by
// path (a stand-in GGUF with tiny random weights) with its size, and its removal.

describe.skipIf(!chromiumPresent())('local models in Settings', () => {
  let home: string;
  let serve: ServeProcess;
  let browser: OpenBrowser;
  const errors: string[] = [];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'pw-e2e-models-'));
    serve = await startServe({ home });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  async function openModels(page: Page) {
    await page.getByRole('button', { name: 'Settings' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Local models' }).click();
    return dialog;
  }

  it('lists the recommended models, adds a GGUF file by path with its size, and removes it', async () => {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.loginUrl);
    await page.waitForSelector('.home');
    const dialog = await openModels(page);

    const small = dialog.getByLabel('Model qwen2.5-coder-1.5b');
    await eventually(async () => expect(await small.textContent()).toContain('Qwen2.5-Coder 1.5B Instruct (Q4_K_M)'));
    expect(await small.textContent()).toContain('1.0 GB · for any CPU · Apache-2.0');
    expect(await small.getByRole('button', { name: 'Download' }).count()).toBe(1);
    expect(await dialog.getByLabel('Model qwen2.5-coder-7b').textContent()).toContain('for a GPU');
    expect(await dialog.getByLabel('Model in memory').textContent()).toContain('No model in memory');

    const file = writeStandInModel(join(home, 'stand-in.gguf'));
    await dialog.getByLabel('Model file path').fill(file.path);
    await dialog.getByRole('button', { name: 'Add model' }).click();
    const added = dialog.getByLabel('Model stand-in');
    await eventually(async () => expect(await added.textContent()).toContain(`${Math.round(file.bytes / 1024)} KB · installed from ${file.path}`));
    expect(await added.textContent()).toContain('default');

    await added.getByRole('button', { name: 'Remove' }).click();
    await eventually(async () => expect(await dialog.getByLabel('Model stand-in').count()).toBe(0));
    expect(existsSync(file.path)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('offers the local model under a plan made without one, opening Settings → Local models; with a model there, the offer is gone', async () => {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(serve.loginUrl);
    await page.waitForSelector('.home');
    const ask = async (text: string) => {
      const box = page.getByRole('textbox', { name: 'Describe the app you want' });
      await box.click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    };
    await ask('a small web site for my bakery');
    const card = page.getByTestId('plan-card').last();
    await card.waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toContain('pipewright models pull qwen2.5-coder-1.5b');
    const offer = card.getByRole('note', { name: 'Local model offer' });
    await eventually(async () => expect(await offer.textContent()).toContain('nothing you type leaves it'));
    await shot(card, 'plan-offer');
    await offer.getByRole('button', { name: 'Get the local model…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await eventually(async () => expect(await dialog.getByRole('tab', { name: 'Local models' }).getAttribute('aria-selected')).toBe('true'));
    await eventually(async () => expect(await dialog.getByLabel('Model qwen2.5-coder-1.5b').getByRole('button', { name: 'Download' }).count()).toBe(1));

    // A model added in Settings: the plan on screen stops offering one.
    const file = writeStandInModel(join(home, 'offer-stand-in.gguf'));
    await dialog.getByLabel('Model file path').fill(file.path);
    await dialog.getByRole('button', { name: 'Add model' }).click();
    await eventually(async () => expect(await dialog.getByLabel('Model offer-stand-in').count()).toBe(1));
    await page.keyboard.press('Escape');
    await eventually(async () => expect(await card.getByRole('note', { name: 'Local model offer' }).count()).toBe(0));

    const settings = await openModels(page);
    await shot(settings, 'settings-local-models');
    expect(errors).toEqual([]);
  }, 120_000);
});

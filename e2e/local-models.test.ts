import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStandInModel } from '../main/adapters/local-llm/stand-in-gguf.test-support';
import { chromiumPresent, openBrowser, type OpenBrowser } from './support/browser';
import { eventually } from './support/editor';
import { startServe, type ServeProcess } from './support/server';

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
});

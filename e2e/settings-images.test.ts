import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { baseImages } from '../nodes/definitions';
import { chromiumPresent } from './support/browser';
import { useEditorSession } from './support/session';
import { eventually } from './support/editor';

// The Settings dialog's image fields come from the images the node kinds declare: one field per
// image, labelled with its title, saying which variable stands in and what the default is.

async function openDockerSettings(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: 'Docker', exact: true }).click();
  return dialog;
}

describe.skipIf(!chromiumPresent())('image settings in a browser', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(() => {
    page = session.page;
  });

  it('shows a field for every image a kind declares and keeps what is typed in one', async () => {
    let dialog = await openDockerSettings(page);
    const labels = await dialog.locator('.field-label').allTextContents();
    expect(labels.filter((l) => l.startsWith('Image: '))).toEqual(baseImages.map((i) => `Image: ${i.title}`));
    const vllm = baseImages.find((i) => i.name === 'vllm')!;
    const help = await dialog.getByLabel(`Image: ${vllm.title}`).locator('xpath=..').locator('.field-help').textContent();
    expect(help).toContain('PIPEWRIGHT_IMAGE_VLLM');
    expect(help).toContain('vllm/vllm-openai:v0.11.0');

    await dialog.getByLabel(`Image: ${vllm.title}`).fill('registry.example/vllm:mine');
    await dialog.getByLabel('Docker host').focus();
    await page.reload();
    await page.waitForSelector('.home');
    dialog = await openDockerSettings(page);
    await eventually(async () => expect(await dialog.getByLabel(`Image: ${vllm.title}`).inputValue()).toBe('registry.example/vllm:mine'));
    expect(session.errors).toEqual([]);
  });
});

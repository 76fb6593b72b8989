import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { chromiumPresent } from './support/browser';
import { createProject, dragFromPalette, eventually } from './support/editor';
import { useEditorSession } from './support/session';

// Settings → Docker engines as a newcomer meets it: an address typed the way one says it, a name
// used twice, TLS files in part, Test against an engine that is not there; then a project set to
// run on that engine, and its Services panel saying that engine does not answer, in seconds.

const SHOTS = join(tmpdir(), 'pw-shots-engines');
mkdirSync(SHOTS, { recursive: true });

async function openEngines(page: Page) {
  await page.getByRole('button', { name: 'Settings' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByRole('tab', { name: 'Docker engines' }).click();
  return dialog;
}

describe.skipIf(!chromiumPresent())('Docker engines in Settings, and Services of an engine that is down', () => {
  const session = useEditorSession();
  let page: Page;

  beforeEach(() => {
    page = session.page;
  });

  it('says what is wrong with an engine before it is added, tests it, and the Services panel names it when it does not answer', async () => {
    await createProject(page, 'On another engine');
    let dialog = await openEngines(page);
    const problem = dialog.getByTestId('engine-draft-problem');

    await dialog.getByLabel('Engine name').fill('gpu-box');
    await dialog.getByLabel('Engine host').fill('gpu-box:2376');
    expect(await problem.textContent()).toContain('an engine is reached at unix:///path/docker.sock, tcp://host:2376 or ssh://user@host');
    expect(await dialog.getByRole('button', { name: 'Add engine' }).isDisabled()).toBe(true);

    // Nothing listens on port 1: the engine is down, said at once.
    await dialog.getByLabel('Engine host').fill('tcp://127.0.0.1:1');
    await dialog.getByLabel('TLS CA file').fill('/etc/docker/ca.pem');
    expect(await problem.textContent()).toBe('TLS needs all three files (CA, client certificate and key), or none.');
    await dialog.getByLabel('TLS CA file').fill('');
    expect(await problem.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Test', exact: true }).last().click();
    await eventually(async () => expect(await dialog.getByRole('status').last().textContent()).toContain('no Docker engine answers at tcp://127.0.0.1:1'));
    await dialog.getByRole('button', { name: 'Add engine' }).click();
    await eventually(async () => expect(await dialog.locator('.endpoint-card strong').allTextContents()).toContain('gpu-box'));

    // The same name again would have replaced it without a word.
    await dialog.getByLabel('Engine name').fill('gpu-box');
    await dialog.getByLabel('Engine host').fill('ssh://ops@build-box');
    expect(await problem.textContent()).toBe('An engine named "gpu-box" exists already: remove it first, or choose another name.');
    expect(await dialog.getByRole('button', { name: 'Add engine' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Engine name').fill('');

    await dialog.getByLabel('Project engine').selectOption('gpu-box');
    await page.screenshot({ path: `${SHOTS}/engines-settings.png` });
    await page.keyboard.press('Escape');

    // The project runs on gpu-box, which does not answer: the panel says so, and lists what the default engine has.
    await page.getByRole('tab', { name: 'Services' }).click();
    const down = page.getByTestId('services-engines-down');
    await eventually(async () => expect(await down.textContent()).toContain('Engine gpu-box does not answer, so its services are not listed.'));
    expect(await down.textContent()).toContain('no Docker engine answers at tcp://127.0.0.1:1');
    await page.screenshot({ path: `${SHOTS}/services-engine-down.png` });

    // A node naming an engine Settings lacks (a typo) says so before any run, on the canvas and in Problems.
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await dragFromPalette(page, 'build-deploy', 300, 200);
    const deploy = page.locator('.react-flow__node').first();
    await deploy.click();
    await page.locator('#param-engine').fill('gpu-bx');
    await eventually(async () => expect(await deploy.getByTestId('node-needs').textContent()).toBe('no engine gpu-bx'));
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await eventually(async () =>
      expect(await page.getByTestId('setup-problems').textContent()).toContain('runs on the Docker engine "gpu-bx" (its engine), which is not in Settings → Docker engines'),
    );
    await page.screenshot({ path: `${SHOTS}/node-engine-missing.png` });

    // Still set after a reload.
    await page.reload();
    await page.waitForSelector('.react-flow');
    dialog = await openEngines(page);
    expect(await dialog.getByLabel('Project engine').inputValue()).toBe('gpu-box');
    expect(session.errors).toEqual([]);
  });
});

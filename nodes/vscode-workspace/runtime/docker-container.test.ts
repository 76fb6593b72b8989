import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DockerClient, LABEL } from '../../../main/adapters/docker';
import { openBrowser } from '../../../e2e/support/browser';
import type { CapabilityScope } from '../../sdk';
import { codeServerContainer } from './docker-spec';
import { generatePassword } from './password';
import { CHROMIUM } from './test-support';

/*
 * The container the docker runtime asks for, run through the real Docker adapter from the
 * locally built code-server image (.ci/images/build-code-server-image.sh): it starts under the
 * adapter's sandbox defaults, takes the hashed password, serves VS Code and is reused.
 */

const IMAGE = process.env.PIPEWRIGHT_IMAGE_CODE_SERVER ?? 'pipewright-local/code-server:4.139.1';
const HOW_TO = 'start Docker (dockerd &), build the image with .ci/images/build-code-server-image.sh and install Chromium (apt-get install chromium)';

async function dockerWithImage(): Promise<DockerClient | undefined> {
  const client = new DockerClient({ host: () => process.env.DOCKER_HOST, image: () => IMAGE });
  const engine = await client.available();
  const hasImage = engine.ok && (await client.docker.getImage(IMAGE).inspect().then(() => true, () => false));
  const problem = !engine.ok ? engine.reason : !hasImage ? `the image ${IMAGE} is missing` : !existsSync(CHROMIUM) ? `Chromium is missing at ${CHROMIUM}` : undefined;
  if (!problem) return client;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`the code-server container test must run in CI, but ${problem}; ${HOW_TO}`);
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! SKIPPING the code-server container test: ${problem}\n!! To run it: ${HOW_TO}\n${bar}\n`);
  return undefined;
}

const client = await dockerWithImage();
const projectId = `vscode-test-${randomUUID().slice(0, 8)}`;

describe.skipIf(!client)('the code-server container through the Docker adapter', () => {
  afterAll(async () => {
    const left = await client!.docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${projectId}`] } });
    await Promise.all(left.map((c) => client!.docker.getContainer(c.Id).remove({ force: true })));
  });

  const scope = (runId: string): CapabilityScope => ({ runId, projectId, nodeId: 'ide', signal: new AbortController().signal, log: () => undefined });

  it('serves VS Code behind the password under the sandbox defaults, and is reused with the same configuration', { timeout: 180_000 }, async () => {
    const password = { value: generatePassword(), secretName: 'vscode-workspace.test.ide.password' };
    const spec = codeServerContainer({
      name: 'ide',
      image: IMAGE,
      keep: true,
      startTimeoutMs: 90_000,
      password,
      workspace: '/unused-until-mounts',
      home: '/unused-until-mounts',
      extensions: [],
    });
    const first = await client!.scoped(scope('run-1')).runService(spec.service);
    expect(first.reused).toBe(false);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const info = await client!.docker.getContainer(first.containerId).inspect();
    expect(info.HostConfig.CapDrop).toEqual(['ALL']);
    expect(info.Config.User).toBe('1000');
    expect(info.Config.Env).toContain(`HASHED_PASSWORD=${spec.service.env!.HASHED_PASSWORD}`);
    expect(JSON.stringify(info)).not.toContain(password.value);

    const wrong = await fetch(`${first.url}/login`, { method: 'POST', body: new URLSearchParams({ password: 'nope' }), redirect: 'manual' });
    expect(wrong.status).toBe(200);
    const browser = await openBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(first.url);
      await page.waitForURL(/\/login/);
      await page.locator('input[type="password"]').fill(password.value);
      await page.locator('input[type="password"]').press('Enter');
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    } finally {
      await browser.close();
    }

    const again = await client!.scoped(scope('run-2')).runService(spec.service);
    expect(again).toMatchObject({ reused: true, containerId: first.containerId, url: first.url });
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { openBrowser, type OpenBrowser } from './browser';
import { startServe, type ServeProcess } from './server';

export interface EditorSession {
  serve: ServeProcess;
  browser: OpenBrowser;
  /** A fresh page, signed in and on the home screen, for each test. */
  page: Page;
  /** Uncaught errors of every page so far: a journey ends by checking there were none. */
  errors: string[];
}

/**
 * Registers the hooks every browser journey needs: one real `pipewright serve` and one
 * Chromium for the file, and a signed-in page per test. The fields fill in as the hooks run.
 */
export function useEditorSession(): EditorSession {
  const session = { errors: [] as string[] } as EditorSession;
  beforeAll(async () => {
    session.serve = await startServe();
    session.browser = await openBrowser();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.serve?.stop();
  });
  beforeEach(async () => {
    const page = await session.browser.context.newPage();
    page.on('pageerror', (e) => session.errors.push(e.message));
    await page.goto(session.serve.loginUrl);
    await page.waitForSelector('.home');
    session.page = page;
  });
  return session;
}

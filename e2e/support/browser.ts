import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.PIPEWRIGHT_CHROMIUM ?? '/usr/bin/chromium';

/** Whether Debian's Chromium is installed (CI installs it; `apt-get install chromium` here). */
export function chromiumPresent(): boolean {
  return existsSync(CHROMIUM);
}

export interface OpenBrowser {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Debian Chromium, as MACHINE.md describes; Playwright gives each launch a fresh profile. */
export async function openBrowser(options: { downloads?: boolean; colorScheme?: 'dark' | 'light' } = {}): Promise<OpenBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    acceptDownloads: options.downloads ?? true,
    colorScheme: options.colorScheme ?? 'dark',
  });
  return {
    browser,
    context,
    async close() {
      await browser.close();
    },
  };
}

import { openBrowser } from './browser';
import { startServe } from './server';

// A quick look at the UI: `npx tsx e2e/support/shot.ts <out-dir>` takes screenshots of the main screens.
async function main() {
  const out = process.argv[2] ?? '.shots';
  const serve = await startServe();
  const b = await openBrowser();
  try {
    const page = await b.context.newPage();
    page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
    await page.goto(serve.loginUrl);
    await page.waitForSelector('.home');
    await page.screenshot({ path: `${out}/home.png` });
    const ask = page.getByRole('textbox', { name: 'Describe the app you want' });
    await ask.fill('a little service where my running club logs our runs, in Node');
    await ask.press('Enter');
    await page.getByTestId('plan-preview').locator('.react-flow__node').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/ask-plan.png`, fullPage: true });
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByLabel('New project name').fill('Demo');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForSelector('.react-flow');
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/empty.png` });
    await page.locator('[data-template="hello-shell.json"]').first().click();
    await page.waitForSelector('.react-flow__node');
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${out}/template.png` });
    await page.locator('.react-flow__node[data-id="write"]').click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${out}/inspector.png` });
    await page.keyboard.press('Control+Enter');
    await page.waitForTimeout(3000);
    await page.screenshot({ path: `${out}/run.png` });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${out}/light.png` });
  } finally {
    await b.close();
    await serve.stop();
  }
}
void main();

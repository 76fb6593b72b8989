import type { Locator, Page } from 'playwright-core';

/** Waits until `check` passes (an expect inside), polling like a person watching the screen. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function same(actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`expected ${JSON.stringify(expected)}, saw ${JSON.stringify(actual)}`);
}

export function node(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

export function handle(page: Page, nodeId: string, port: string, side: 'in' | 'out'): Locator {
  return node(page, nodeId).locator(`.pw-port.${side}[data-port="${port}"] .react-flow__handle`);
}

export async function createProject(page: Page, name: string): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, '') + '#/');
  await page.getByLabel('New project name').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForSelector('.react-flow');
  await eventually(async () => same(await page.getByTestId('project-name').textContent(), name));
}

/**
 * Drags a kind from the palette onto the canvas at (x, y) relative to the canvas. The drop lands
 * on whatever lies there, as a person's would: an empty pipeline's welcome card takes a drop too.
 */
export async function dragFromPalette(page: Page, kind: string, x: number, y: number): Promise<void> {
  await page.dragAndDrop(`.palette-item[data-kind="${kind}"]`, '.pw-canvas', { targetPosition: { x, y } });
}

/** Draws a connection with the mouse, from an output port to an input port. */
export async function connect(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Replaces the text of a Monaco-edited param. */
export async function typeInCode(page: Page, param: string, text: string): Promise<void> {
  const editor = page.getByTestId(`code-${param}`).locator('.monaco-editor');
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

export async function waitSaved(page: Page): Promise<void> {
  await eventually(async () => same(await page.getByTestId('save-state').textContent(), 'Saved'), 10_000);
}

export async function status(page: Page, nodeId: string): Promise<string | null> {
  const badge = node(page, nodeId).locator('.badge');
  return (await badge.count()) ? badge.getAttribute('data-status') : null;
}

export async function edgeCount(page: Page): Promise<number> {
  return page.locator('.react-flow__edge').count();
}

export async function terminalText(page: Page): Promise<string> {
  // xterm draws spaces as no-break spaces; read them as a person would.
  const text = (await page.getByTestId('terminal').locator('.xterm-rows').textContent()) ?? '';
  return text.replace(/\u00a0/g, ' ');
}

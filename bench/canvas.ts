import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { FORMAT, type Edge, type NodeInstance, type Pipeline } from '../nodes/sdk';
import { chromiumPresent, openBrowser } from '../e2e/support/browser';
import { ROOT, startServe, type ServeProcess } from '../e2e/support/server';
import { mainThreadSelfTimes } from './trace-summary';

/*
 * The editor with big graphs, in headless Chromium against a real `pipewright serve`:
 * frames per second while panning 2,000 nodes and 2,000 edges (whole graph on screen, then at
 * working zoom, then at 100% where nodes are drawn in full), while zooming with the wheel from
 * the whole graph to 100% and back, and the time to open a 1,000-node pipeline. `npm run bench -- canvas`
 * (after `npm run build`). With PIPEWRIGHT_BENCH_TRACE=<folder>, each pan is also recorded as a
 * Chromium performance trace there, and the main thread's busiest work is printed.
 */

const TRACE_DIR = process.env.PIPEWRIGHT_BENCH_TRACE;

const COLUMNS = 50;

/** A grid of shell nodes: each one's workspace feeds the next, and every 2nd one's stdout feeds the one after next. */
export function bigPipeline(id: string, nodes: number, edges: number): Pipeline {
  const list: NodeInstance[] = Array.from({ length: nodes }, (_, i) => ({
    id: `n${i}`,
    kind: 'shell',
    params: { command: `echo ${i}` },
    position: { x: (i % COLUMNS) * 300, y: Math.floor(i / COLUMNS) * 240 },
  }));
  const links: Edge[] = [];
  for (let i = 1; i < nodes && links.length < edges; i++) {
    links.push({ id: `w${i}`, from: { node: `n${i - 1}`, port: 'workspace' }, to: { node: `n${i}`, port: 'workspace' } });
  }
  for (let i = 2; i < nodes && links.length < edges; i += 2) {
    links.push({ id: `s${i}`, from: { node: `n${i - 2}`, port: 'stdout' }, to: { node: `n${i}`, port: 'input' } });
  }
  return { format: FORMAT, id, name: `${nodes} nodes`, nodes: list, edges: links };
}

/** Saves a pipeline through the contract's WebSocket, as the UI would. */
async function importPipeline(serve: ServeProcess, doc: Pipeline): Promise<string> {
  const ws = new WebSocket(`${serve.url.replace(/^http/, 'ws')}/api`, { headers: { origin: serve.url, cookie: `pw_token=${serve.token}` } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const call = (id: number, name: string, input: unknown) =>
    new Promise<any>((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData) => {
        const msg = JSON.parse(String(data));
        // Events (projects.changed) arrive on the same socket: wait for this call's answer.
        if (msg.type !== 'result' || msg.id !== id) return;
        ws.off('message', onMessage);
        if (msg.result.ok) resolve(msg.result.value);
        else reject(new Error(`${name}: ${msg.result.error.message}`));
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ type: 'call', id, name, input }));
    });
  const { project } = await call(1, 'templates.import', { fileName: `${doc.id}.json`, text: JSON.stringify(doc) });
  await call(2, 'templates.confirmReview', { pipelineId: project.mainPipelineId });
  ws.close();
  return project.id;
}

/** Milliseconds from asking for the project to its nodes on screen and the next frame painted. */
async function openTime(page: Page, serve: ServeProcess, projectId: string): Promise<number> {
  await page.goto(`${serve.url}/#/`);
  await page.waitForSelector('.home');
  const started = Date.now();
  await page.evaluate((id) => {
    location.hash = `#/project/${id}`;
  }, projectId);
  await page.waitForSelector('.react-flow__node', { timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return Date.now() - started;
}

/**
 * A point on empty canvas near the middle: a drag pressed on a node would move the node (and
 * select it, opening its editor), not pan.
 */
async function emptySpot(page: Page): Promise<[number, number]> {
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  // A string, not a function: the TypeScript loader would wrap named functions in a helper
  // the page does not have.
  return page.evaluate<[number, number]>(`(() => {
    const box = ${JSON.stringify(pane)};
    for (let r = 0; r < Math.min(box.width, box.height) / 2; r += 6) {
      for (let a = 0; a < 16; a++) {
        const x = box.x + box.width / 2 + r * Math.cos(a * Math.PI / 8);
        const y = box.y + box.height / 2 + r * Math.sin(a * Math.PI / 8);
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return [x, y];
      }
    }
    throw new Error('bench/canvas: no empty spot on the canvas to start a pan from');
  })()`);
}

/** Runs `gesture` for `ms`, counting the frames the page paints meanwhile. */
async function measureFps(page: Page, ms: number, gesture: (until: number) => Promise<void>, trace?: { browser: Browser; name: string }): Promise<number> {
  await page.evaluate(`(() => {
    window.frames_ = 0;
    window.counting = true;
    const tick = () => { window.frames_++; if (window.counting) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const tracePath = trace && TRACE_DIR ? join(TRACE_DIR, `${trace.name}.json`) : undefined;
  if (tracePath) await trace!.browser.startTracing(page, { path: tracePath, screenshots: false });
  const started = Date.now();
  await gesture(started + ms);
  const frames = await page.evaluate<number>('(() => { window.counting = false; return window.frames_; })()');
  const fps = frames / ((Date.now() - started) / 1000);
  if (tracePath) {
    await trace!.browser.stopTracing();
    const top = mainThreadSelfTimes(tracePath).slice(0, 12);
    console.log(`  trace ${tracePath}, main thread self time:\n${top.map((t) => `    ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`).join('\n')}`);
  }
  return fps;
}

/** Drags the canvas back and forth for `ms`. */
async function panFps(page: Page, ms: number, trace?: { browser: Browser; name: string }): Promise<number> {
  const [cx, cy] = await emptySpot(page);
  return measureFps(
    page,
    ms,
    async (until) => {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      let step = 0;
      while (Date.now() < until) {
        const phase = (step++ % 120) / 120;
        const dx = Math.sin(phase * Math.PI * 2) * 300;
        await page.mouse.move(cx + dx, cy + dx / 3);
      }
      await page.mouse.up();
    },
    trace,
  );
}

/** Wheels in from the whole graph to about 100% and back out, over and over, for `ms`. */
async function zoomFps(page: Page, ms: number, trace?: { browser: Browser; name: string }): Promise<number> {
  const [cx, cy] = await emptySpot(page);
  await page.mouse.move(cx, cy);
  return measureFps(
    page,
    ms,
    async (until) => {
      // 22 notches of 100 take the zoom from 0.05 to about 1 and back (×1.15 a notch).
      for (let step = 0; Date.now() < until; step++) await page.mouse.wheel(0, step % 44 < 22 ? -100 : 100);
    },
    trace,
  );
}

async function zoomOf(page: Page): Promise<number> {
  const style = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
  return Number(/scale\(([\d.]+)\)/.exec(style)?.[1] ?? NaN);
}

export async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html')) || !existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error('bench/canvas: the app is not built; run `npm run build` first');
  }
  if (!chromiumPresent()) throw new Error('bench/canvas: Chromium not found at /usr/bin/chromium; install it with `apt-get install chromium`');
  const serve = await startServe();
  const browser = await openBrowser();
  try {
    const big = await importPipeline(serve, bigPipeline('bench-2000', 2000, 2000));
    const medium = await importPipeline(serve, bigPipeline('bench-1000', 1000, 1000));
    const page = await browser.context.newPage();
    await page.goto(serve.loginUrl);

    const opens: number[] = [];
    for (let i = 0; i < 3; i++) opens.push(await openTime(page, serve, medium));
    console.log(`open a 1,000-node, 1,000-edge pipeline: ${Math.min(...opens)} ms best, ${opens.join(' / ')} ms (3 tries)`);

    await openTime(page, serve, big);
    const whole = await panFps(page, 4000, { browser: browser.browser, name: 'pan-whole' });
    console.log(`pan 2,000 nodes + 2,000 edges, whole graph on screen: ${whole.toFixed(1)} fps`);
    // Working zoom: what a person editing one part of the graph sees.
    for (let i = 0; i < 5; i++) await page.locator('.react-flow__controls-zoomin').click();
    await page.waitForTimeout(300);
    const working = await panFps(page, 4000, { browser: browser.browser, name: 'pan-working' });
    const shown = await page.locator('.react-flow__node').count();
    console.log(`pan 2,000 nodes + 2,000 edges at working zoom (${(await zoomOf(page)).toFixed(2)}, ${shown} nodes drawn): ${working.toFixed(1)} fps`);
    // 100%: words readable, ports connectable.
    while ((await zoomOf(page)) < 1) await page.locator('.react-flow__controls-zoomin').click();
    await page.waitForTimeout(300);
    const reading = await panFps(page, 4000, { browser: browser.browser, name: 'pan-100' });
    const full = await page.locator('.pw-node:not(.lod)').count();
    console.log(`pan 2,000 nodes + 2,000 edges at zoom ${(await zoomOf(page)).toFixed(2)} (${full} nodes drawn in full): ${reading.toFixed(1)} fps`);
    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForTimeout(300);
    const zoom = await zoomFps(page, 4000, { browser: browser.browser, name: 'zoom' });
    console.log(`zoom 2,000 nodes + 2,000 edges with the wheel, whole graph to 100% and back: ${zoom.toFixed(1)} fps`);
  } finally {
    await browser.close();
    await serve.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}

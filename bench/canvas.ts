import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { FORMAT, type Edge, type NodeInstance, type Pipeline } from '../nodes/sdk';
import { chromiumPresent, openBrowser } from '../e2e/support/browser';
import { ROOT, startServe, type ServeProcess } from '../e2e/support/server';
import { busiestFunctions, mainThreadByCategory } from './trace-summary';

/*
 * The editor with big graphs, in headless Chromium against a real `pipewright serve`:
 * frames per second while panning 2,000 nodes and 2,000 edges (whole graph on screen, then at
 * working zoom, then at 100% where nodes are drawn in full), while zooming with the wheel from
 * the whole graph to 100% and back, and the time to open a 1,000-node pipeline until its canvas
 * answers a pan. Each is printed beside a baseline measured in the same run, in the same page: the
 * same gestures on a pipeline of 10 nodes, so a busy machine lowers both. Then the renderer's
 * bundle, chunk by chunk, and which chunks the first screen loaded. `npm run bench -- canvas`
 * (after `npm run build`). With PIPEWRIGHT_BENCH_TRACE=<folder>, each gesture and the open are
 * also recorded as Chromium performance traces there, and where the main thread's time went is
 * printed: per frame by group (scripting, style and layout, paint, composite), and the busiest
 * functions.
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

interface Opened {
  /** From asking for the project to the first frame with nodes on screen. */
  shown: number;
  /** From asking for the project to the first frame in which a pan moved the view. */
  interactive: number;
}

/**
 * Opens the project from the home screen, as a person would, and measures two moments, in the
 * page's own clock: the first frame with nodes on screen, and the first frame in which a drag on
 * the canvas moved the view by what the pointer moved (a pan the page did not answer, or that a
 * late fit-to-view undid, does not count: it drags again).
 */
async function openTime(page: Page, serve: ServeProcess, projectId: string, trace?: { browser: Browser; name: string }): Promise<Opened> {
  await page.goto(`${serve.url}/#/`);
  await page.waitForSelector('.home');
  const tracePath = trace && TRACE_DIR ? join(TRACE_DIR, `${trace.name}.json`) : undefined;
  if (tracePath) await trace!.browser.startTracing(page, { path: tracePath, screenshots: false });
  await page.evaluate(`(() => {
    window.openStarted = performance.now();
    location.hash = '#/project/${projectId}';
  })()`);
  await page.waitForSelector('.react-flow__node', { timeout: 60_000 });
  const shown = await page.evaluate<number>('new Promise((r) => requestAnimationFrame(() => r(performance.now() - window.openStarted)))');
  const viewport = `(() => {
    const m = /translate\\(([-\\d.]+)px, ?([-\\d.]+)px\\) scale\\(([\\d.]+)\\)/.exec(document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? '');
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  })()`;
  for (let attempt = 0; ; attempt++) {
    if (attempt === 50) throw new Error('bench/canvas: the canvas never followed a pan after opening');
    const [x, y] = await emptySpot(page);
    const before = await page.evaluate<number[]>(viewport);
    const dx = attempt % 2 ? -40 : 40;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx / 2, y + dx / 4);
    await page.mouse.move(x + dx, y + dx / 2);
    // The frame that shows the move: read in it, so its time is when the person saw it.
    const [after, at] = await page.evaluate<[number[], number]>(
      `new Promise((r) => requestAnimationFrame(() => r([${viewport}, performance.now() - window.openStarted])))`,
    );
    await page.mouse.up();
    const followed = after[2] === before[2] && Math.abs(after[0] - before[0] - dx) < 1 && Math.abs(after[1] - before[1] - dx / 2) < 1;
    if (followed) {
      if (tracePath) await stopTrace(trace!.browser, tracePath, 0);
      // A drag the view did not follow may have landed on a node as the view changed under
      // it: a click on empty canvas leaves nothing selected (and no inspector open) for what follows.
      const [ex, ey] = await emptySpot(page);
      await page.mouse.click(ex, ey);
      return { shown, interactive: at };
    }
  }
}

/**
 * A point on empty canvas near the middle: a drag pressed on a node would move the node (and
 * select it, opening its editor), not pan. While the view is moving a shield covers the canvas
 * (use-moving-class.ts): then it waits for the next frames.
 */
async function emptySpot(page: Page): Promise<[number, number]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    // A string, not a function: the TypeScript loader would wrap named functions in a helper
    // the page does not have.
    const spot = await page.evaluate<[number, number] | null>(`(() => {
      const box = ${JSON.stringify(pane)};
      const spots = [];
      for (let x = box.x + 40; x < box.x + box.width - 40; x += 10) {
        for (let y = box.y + 40; y < box.y + box.height - 40; y += 10) spots.push([x, y]);
      }
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      spots.sort((a, b) => Math.hypot(a[0] - cx, a[1] - cy) - Math.hypot(b[0] - cx, b[1] - cy));
      for (const [x, y] of spots) {
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return [x, y];
      }
      return null;
    })()`);
    if (spot) return spot;
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  }
  throw new Error('bench/canvas: no empty spot on the canvas to start a pan from');
}

/** Stops a trace and prints where the main thread's time went (per frame when `frames` is known). */
async function stopTrace(browser: Browser, path: string, frames: number): Promise<void> {
  await browser.stopTracing();
  const groups = mainThreadByCategory(path, frames || 1)
    .map((g) => `${g.category} ${g.cpuMsPerFrame.toFixed(frames ? 2 : 0)}`)
    .join(', ');
  const top = busiestFunctions(path).slice(0, 8);
  console.log(`  trace ${path}\n    main thread CPU${frames ? ' per frame (ms)' : ' (ms)'}: ${groups}`);
  console.log(`    busiest functions (ms sampled):\n${top.map((t) => `      ${t.ms.toFixed(0).padStart(5)}  ${t.name}`).join('\n')}`);
}

/** Runs `gesture` for `ms`, counting the frames the page paints meanwhile. */
async function countFrames(page: Page, ms: number, gesture: (until: number) => Promise<void>): Promise<{ frames: number; fps: number }> {
  // Each count has its own loop: one left from the count before must not tick into this one.
  await page.evaluate(`(() => {
    const id = (window.counting = (window.counting || 0) + 1);
    window.frames_ = 0;
    const tick = () => { if (window.counting !== id) return; window.frames_++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const started = Date.now();
  await gesture(started + ms);
  const frames = await page.evaluate<number>('(() => { window.counting++; return window.frames_; })()');
  return { frames, fps: frames / ((Date.now() - started) / 1000) };
}

/**
 * The frame rate of `gesture` over `ms`. With a trace folder, the gesture is then done again for
 * 2 s under Chromium's tracing, which slows the page (its sampling profiler most), to print where
 * the time went; the frame rate printed is the one measured without it.
 */
async function measureFps(page: Page, ms: number, gesture: (until: number) => Promise<void>, trace?: { browser: Browser; name: string }): Promise<number> {
  const { fps } = await countFrames(page, ms, gesture);
  const tracePath = trace && TRACE_DIR ? join(TRACE_DIR, `${trace.name}.json`) : undefined;
  if (tracePath) {
    await trace!.browser.startTracing(page, { path: tracePath, screenshots: false });
    const { frames } = await countFrames(page, 2000, gesture);
    await stopTrace(trace!.browser, tracePath, frames);
  }
  return fps;
}

/**
 * Drags the canvas back and forth for `ms`, from a spot found empty when the drag starts: a
 * gesture repeated after the view moved would otherwise press on a node and drag it.
 */
async function panFps(page: Page, ms: number, trace?: { browser: Browser; name: string }): Promise<number> {
  return measureFps(
    page,
    ms,
    async (until) => {
      const [cx, cy] = await emptySpot(page);
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
  return measureFps(
    page,
    ms,
    async (until) => {
      const [cx, cy] = await emptySpot(page);
      await page.mouse.move(cx, cy);
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

interface Chunk {
  file: string;
  raw: number;
  gzip: number;
}

/** The renderer's built files (out/renderer/assets), biggest first. */
function chunks(): Chunk[] {
  const dir = join(ROOT, 'out', 'renderer', 'assets');
  return readdirSync(dir)
    .filter((f) => /\.(js|css)$/.test(f))
    .map((file) => {
      const bytes = readFileSync(join(dir, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes).length };
    })
    .sort((a, b) => b.raw - a.raw);
}

const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`;

/** Per chunk, raw and gzipped, and marked where the first screen (home, then a project open in the editor) loaded it. */
function printBundle(loaded: ReadonlySet<string>): void {
  const all = chunks();
  const first = all.filter((c) => loaded.has(c.file));
  const sum = (list: Chunk[], key: 'raw' | 'gzip') => list.reduce((n, c) => n + c[key], 0);
  console.log(`renderer bundle: ${all.length} chunks, ${kB(sum(all, 'raw'))} (${kB(sum(all, 'gzip'))} gzipped); the first screen loads ${first.length}: ${kB(sum(first, 'raw'))} (${kB(sum(first, 'gzip'))} gzipped)`);
  const big = all.filter((c) => c.raw >= 20 * 1024);
  for (const c of big) console.log(`  ${loaded.has(c.file) ? 'first screen' : 'later      '}  ${kB(c.raw).padStart(8)}  ${kB(c.gzip).padStart(7)} gz  ${c.file}`);
  const small = all.filter((c) => c.raw < 20 * 1024);
  const smallFirst = small.filter((c) => loaded.has(c.file));
  console.log(`  and ${small.length} chunks under 20 kB: ${kB(sum(small, 'raw'))} (${smallFirst.length} of them on the first screen: ${kB(sum(smallFirst, 'raw'))})`);
}

const ratio = (x: number, base: number) => `×${(x / base).toFixed(2)}`;

export async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html')) || !existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error('bench/canvas: the app is not built; run `npm run build` first');
  }
  if (!chromiumPresent()) throw new Error('bench/canvas: Chromium not found at /usr/bin/chromium; install it with `apt-get install chromium`');
  const serve = await startServe();
  const browser = await openBrowser();
  try {
    const small = await importPipeline(serve, bigPipeline('bench-10', 10, 10));
    const big = await importPipeline(serve, bigPipeline('bench-2000', 2000, 2000));
    const medium = await importPipeline(serve, bigPipeline('bench-1000', 1000, 1000));
    const page = await browser.context.newPage();
    const loaded = new Set<string>();
    const record = (request: { url(): string }) => {
      const m = /\/assets\/([^/?#]+)$/.exec(request.url());
      if (m) loaded.add(m[1]);
    };
    page.on('request', record);
    await page.goto(serve.loginUrl);

    // The baseline: the same page and gestures with 10 nodes, in this run.
    const baseOpen = await openTime(page, serve, small);
    page.off('request', record);
    const basePan = await panFps(page, 3000);
    const baseZoom = await zoomFps(page, 3000);
    console.log(`baseline, a 10-node pipeline in the same page: opens in ${baseOpen.shown.toFixed(0)} ms (pans at ${baseOpen.interactive.toFixed(0)} ms), pans at ${basePan.toFixed(1)} fps, wheel-zooms at ${baseZoom.toFixed(1)} fps`);

    const opens: Opened[] = [];
    for (let i = 0; i < 3; i++) opens.push(await openTime(page, serve, medium));
    if (TRACE_DIR) await openTime(page, serve, medium, { browser: browser.browser, name: 'open' });
    const best = Math.min(...opens.map((o) => o.interactive));
    console.log(
      `open a 1,000-node, 1,000-edge pipeline: first interactive frame (nodes shown, a pan moves the view) ${best.toFixed(0)} ms best (${ratio(best, baseOpen.interactive)} the baseline), ` +
        `${opens.map((o) => `${o.shown.toFixed(0)}→${o.interactive.toFixed(0)}`).join(' / ')} ms (nodes shown→pans, 3 tries)`,
    );

    await openTime(page, serve, big);
    // A big pipeline's nodes go on the page over the frames after it opens (progressive.ts): the
    // frame rates are those of the whole graph on the page.
    while (!(await page.evaluate<boolean>('document.querySelectorAll(".react-flow__node").length === 2000 && document.querySelectorAll(".react-flow__edge").length === 2000'))) {
      await page.waitForTimeout(100);
    }
    // And the work that follows (the last chunks' measuring, garbage collection) is over.
    await page.waitForTimeout(1000);
    const whole = await panFps(page, 4000, { browser: browser.browser, name: 'pan-whole' });
    console.log(`pan 2,000 nodes + 2,000 edges, whole graph on screen: ${whole.toFixed(1)} fps (${ratio(whole, basePan)} the baseline)`);
    // Working zoom: what a person editing one part of the graph sees.
    for (let i = 0; i < 5; i++) await page.locator('.react-flow__controls-zoomin').click();
    await page.waitForTimeout(300);
    const working = await panFps(page, 4000, { browser: browser.browser, name: 'pan-working' });
    const shown = await page.locator('.react-flow__node').count();
    console.log(`pan 2,000 nodes + 2,000 edges at working zoom (${(await zoomOf(page)).toFixed(2)}, ${shown} nodes drawn): ${working.toFixed(1)} fps (${ratio(working, basePan)})`);
    // 100%: words readable, ports connectable.
    while ((await zoomOf(page)) < 1) await page.locator('.react-flow__controls-zoomin').click();
    await page.waitForTimeout(300);
    const reading = await panFps(page, 4000, { browser: browser.browser, name: 'pan-100' });
    const full = await page.locator('.pw-node:not(.lod)').count();
    console.log(`pan 2,000 nodes + 2,000 edges at zoom ${(await zoomOf(page)).toFixed(2)} (${full} nodes drawn in full): ${reading.toFixed(1)} fps (${ratio(reading, basePan)})`);
    await page.locator('.react-flow__controls-fitview').click();
    await page.waitForTimeout(300);
    const zoom = await zoomFps(page, 4000, { browser: browser.browser, name: 'zoom' });
    console.log(`zoom 2,000 nodes + 2,000 edges with the wheel, whole graph to 100% and back: ${zoom.toFixed(1)} fps (${ratio(zoom, baseZoom)} the baseline)`);
    printBundle(loaded);
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

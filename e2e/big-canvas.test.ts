import { describe, expect, it } from 'vitest';
import { FORMAT } from '../nodes/sdk';
import { callServe } from './support/api';
import { chromiumPresent } from './support/browser';
import { eventually } from './support/editor';
import { useEditorSession } from './support/session';

// A big pipeline opened zoomed out: its nodes are boxes, and only one node of each shape is laid
// out in full to learn the size and port positions the boxes take, in Chromium against the real
// `pipewright serve`.

const NODES = 600;
const COLUMNS = 50;

function bigDoc() {
  return {
    format: FORMAT,
    id: 'six-hundred',
    name: 'Six hundred',
    nodes: Array.from({ length: NODES }, (_, i) => ({
      id: `n${i}`,
      kind: 'shell',
      params: { command: `echo ${i}` },
      position: { x: (i % COLUMNS) * 300, y: Math.floor(i / COLUMNS) * 240 },
    })),
    edges: Array.from({ length: NODES - 1 }, (_, k) => ({
      id: `w${k + 1}`,
      from: { node: `n${k}`, port: 'workspace' },
      to: { node: `n${k + 1}`, port: 'workspace' },
    })),
  };
}

describe.skipIf(!chromiumPresent())('a big pipeline on the canvas', () => {
  const session = useEditorSession();

  it('opens as boxes with every edge attached, laying out one node in full, and the edges stay put when the nodes are drawn in full', async () => {
    const page = session.page;
    const [imported] = (await callServe(session.serve, [{ name: 'templates.import', input: { fileName: 'big.json', text: JSON.stringify(bigDoc()) } }])) as {
      project: { id: string; mainPipelineId: string };
    }[];
    await callServe(session.serve, [{ name: 'templates.confirmReview', input: { pipelineId: imported.project.mainPipelineId } }]);

    // Every port laid out in full while the pipeline opens, seen as it is added to the page or
    // taken out of it (a node laid out to be measured is a box again within the same frame).
    await page.evaluate(`(() => {
      window.portsSeen = new Set();
      // How many nodes were on the page after each change to it.
      window.nodeCounts = [];
      const see = (n) => {
        if (n.nodeType !== 1) return;
        if (n.matches('.pw-port')) window.portsSeen.add(n);
        for (const p of n.querySelectorAll('.pw-port')) window.portsSeen.add(p);
      };
      new MutationObserver((records) => {
        for (const r of records) {
          r.addedNodes.forEach(see);
          r.removedNodes.forEach(see);
        }
        const count = document.querySelectorAll('.react-flow__node').length;
        if (count !== window.nodeCounts.at(-1)) window.nodeCounts.push(count);
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    await page.evaluate(`location.hash = '#/project/${encodeURIComponent(imported.project.id)}'`);
    await eventually(async () => expect(await page.locator('.react-flow__edge').count()).toBe(NODES - 1), 60_000);
    expect(await page.locator('.react-flow__node').count()).toBe(NODES);
    expect(await page.locator('.pw-node.lod').count()).toBe(NODES);
    await page.screenshot({ path: '/tmp/shots-h/big-canvas-open.png' });
    const laidOut = await page.evaluate<number>('window.portsSeen.size');
    // The nodes came on the page a chunk at a time, so the canvas answered between chunks.
    const counts = await page.evaluate<number[]>('window.nodeCounts.filter((n) => n > 0)');
    expect(counts[0]).toBeLessThan(NODES / 2);
    expect(counts.length).toBeGreaterThan(2);
    expect(counts.at(-1)).toBe(NODES);

    // The overview marks what is on screen: the whole graph, fitted to the view.
    const overview = (await page.locator('.pw-minimap-body').boundingBox())!;
    const marked = async () => (await page.locator('.pw-minimap-view .fill').boundingBox())!;
    const whole = await marked();
    expect(whole.width).toBeGreaterThan(overview.width * 0.8);

    // An edge in the middle of the graph, drawn between two boxes.
    const middle = Math.floor(NODES / 2) + COLUMNS / 2;
    const edge = page.locator(`[data-testid="rf__edge-w${middle}"] path.react-flow__edge-path`);
    const path = async () => ((await edge.getAttribute('d')) ?? '').match(/-?[\d.]+/g)!.map(Number);
    const asBoxes = await path();
    expect(asBoxes.length).toBeGreaterThan(3);

    // Zoomed in on the middle, the nodes there are drawn in full: the edge meets their ports
    // where it met the boxes'.
    const zoom = async () => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1]);
    while ((await zoom()) < 0.6) await page.locator('.react-flow__controls-zoomin').click();
    const inFullNode = page.locator(`.react-flow__node[data-id="n${middle}"] .pw-node:not(.lod)`);
    await eventually(async () => expect(await inFullNode.count()).toBe(1));
    // One node's ports were laid out while it opened, not six hundred nodes'.
    const perNode = await inFullNode.locator('.pw-port').count();
    expect(perNode).toBeGreaterThan(0);
    expect(laidOut).toBe(perNode);
    await page.screenshot({ path: '/tmp/shots-h/big-canvas-zoomed.png' });
    // Zoomed in, the overview's rectangle is a small part of it, around its middle.
    const part = await marked();
    expect(part.width).toBeLessThan(whole.width / 3);
    expect(part.height).toBeLessThan(whole.height / 3);
    expect(Math.abs(part.x + part.width / 2 - (whole.x + whole.width / 2))).toBeLessThan(whole.width / 4);
    const inFull = await path();
    expect(inFull.length).toBe(asBoxes.length);
    inFull.forEach((v, i) => expect(Math.abs(v - asBoxes[i])).toBeLessThan(0.5));
    expect(session.errors).toEqual([]);
  });
});

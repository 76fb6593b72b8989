import { describe, expect, it } from 'vitest';
import { nextDetail, nodesNear, type DetailState } from './detail';

/** React Flow's view of a node, as much as nodesNear reads. */
function internal(id: string, x: number, y: number) {
  return { id, internals: { positionAbsolute: { x, y } }, measured: { width: 240, height: 150 } };
}

function state(transform: [number, number, number], nodes: ReturnType<typeof internal>[]) {
  return { transform, width: 1000, height: 800, nodeLookup: new Map(nodes.map((n) => [n.id, n])) } as unknown as Parameters<typeof nodesNear>[0];
}

describe('which nodes are drawn in full', () => {
  it('takes the nodes on screen and within half a screen of it, none farther', () => {
    const nodes = [internal('on', 100, 100), internal('just-left', -600, 100), internal('far-left', -1400, 100), internal('below', 100, 1150), internal('far-below', 100, 1700)];
    expect(nodesNear(state([0, 0, 1], nodes)).sort()).toEqual(['below', 'just-left', 'on']);
  });

  it('follows the view: panned and zoomed, it measures in flow coordinates', () => {
    const nodes = [internal('a', 0, 0), internal('b', 3000, 0)];
    // Panned so that flow x 3000 is at the left edge, at 50%: the view spans 3000..5000.
    expect(nodesNear(state([-1500, 0, 0.5], nodes))).toEqual(['b']);
  });
});

describe('what changes while the view moves', () => {
  const start: DetailState = { far: false, all: false, near: new Set(['on']) };
  const view = (transform: [number, number, number]) =>
    ({ ...state(transform, [internal('on', 100, 100), internal('right', 1400, 100)]), fitViewQueued: false }) as Parameters<typeof nextDetail>[1];

  it('draws in full the nodes a pan brings near, and keeps those it leaves until the view is still', () => {
    // Panned left by 800 px: "right" comes near, "on" is still within the margin.
    const panned = nextDetail(start, view([-800, 0, 1]), 'pan', false);
    expect([...panned.near].sort()).toEqual(['on', 'right']);
    const farAway = nextDetail(panned, view([-5000, 0, 1]), 'pan', false);
    expect(farAway.near).toBe(panned.near);
    expect([...nextDetail(farAway, view([-5000, 0, 1]), 'still', false).near]).toEqual([]);
  });

  it('changes nothing while zooming, even as nodes come into view, and catches up once still', () => {
    // Zoomed out to 50%: "right" is in view.
    expect(nextDetail(start, view([0, 0, 0.5]), 'zoom', false)).toBe(start);
    expect([...nextDetail(start, view([0, 0, 0.5]), 'still', false).near].sort()).toEqual(['on', 'right']);
  });

  it('draws everything as boxes past the far zoom, and before a big graph is first fitted to the view', () => {
    expect(nextDetail(start, view([0, 0, 0.2]), 'still', false).far).toBe(true);
    expect(nextDetail(start, { ...view([0, 0, 1]), fitViewQueued: true }, 'still', false).far).toBe(true);
    expect(nextDetail(start, { ...view([0, 0, 1]), fitViewQueued: true }, 'still', true).far).toBe(false);
  });
});

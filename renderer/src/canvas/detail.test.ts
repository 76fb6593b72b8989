import { describe, expect, it } from 'vitest';
import { nodesNear } from './detail';

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

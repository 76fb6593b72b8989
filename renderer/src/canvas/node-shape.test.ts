import { beforeEach, describe, expect, it } from 'vitest';
import { claimShape, learnShape, releaseShape, resetShapes, shapeKey, useShapes } from './node-shape';

const shell = shapeKey({ kind: 'shell', inputs: ['input?', 'workspace?'], outputs: ['stdout', 'workspace'], rows: [false, false, true] });
const SHAPE = { height: 150, handles: [{ id: 'stdout', type: 'source' as const, position: 'right', x: 235, y: 90, width: 11, height: 11 }] };

describe('boxes borrow the shape of one node laid out in full', () => {
  beforeEach(() => resetShapes());

  it('lays out one node per shape: the first to ask, and it again when it renders again', () => {
    expect(claimShape(shell, 'n1')).toBe(true);
    expect(claimShape(shell, 'n2')).toBe(false);
    expect(claimShape(shell, 'n1')).toBe(true);
    const other = shapeKey({ kind: 'shell', inputs: ['input?', 'workspace?'], outputs: ['stdout', 'workspace'], rows: [true, false, true] });
    expect(claimShape(other, 'n2')).toBe(true);
  });

  it('tells every node the shape once it is learnt, and keeps the first one learnt', () => {
    claimShape(shell, 'n1');
    learnShape(shell, SHAPE);
    expect(useShapes.getState().shapes[shell]).toEqual(SHAPE);
    learnShape(shell, { height: 99, handles: [] });
    expect(useShapes.getState().shapes[shell]).toEqual(SHAPE);
  });

  it('lets another node be laid out when the one chosen goes away unmeasured, and only then', () => {
    claimShape(shell, 'n1');
    releaseShape(shell, 'n2');
    expect(claimShape(shell, 'n2')).toBe(false);
    const before = useShapes.getState();
    releaseShape(shell, 'n1');
    // The waiting nodes are told to ask again.
    expect(useShapes.getState()).not.toBe(before);
    expect(claimShape(shell, 'n2')).toBe(true);
  });

  it('tells apart nodes whose ports or rows differ', () => {
    const a = shapeKey({ kind: 'shell', inputs: ['input'], outputs: ['stdout'], rows: [false] });
    expect(shapeKey({ kind: 'shell', inputs: ['input?'], outputs: ['stdout'], rows: [false] })).not.toBe(a);
    expect(shapeKey({ kind: 'shell', inputs: ['input'], outputs: ['stdout', 'workspace'], rows: [false] })).not.toBe(a);
    expect(shapeKey({ kind: 'shell', inputs: ['input'], outputs: ['stdout'], rows: [true] })).not.toBe(a);
    expect(shapeKey({ kind: 'shell', inputs: ['input'], outputs: ['stdout'], rows: [false] })).toBe(a);
  });
});

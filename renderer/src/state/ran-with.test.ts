import { describe, expect, it } from 'vitest';
import { incomingOf, isStale, nodeSignature, noteRunDocument, useRanWith } from './ran-with';

const node = (params: Record<string, unknown>, disabled?: boolean) => ({ kind: 'shell', params, ...(disabled ? { disabled } : {}) });

describe('telling which results are from before an edit', () => {
  it('a node unchanged since the run is current, even with its params read back in another key order', () => {
    const ran = nodeSignature(node({ command: 'echo hi', env: { A: '1', B: '2' } }));
    expect(isStale(ran, node({ env: { B: '2', A: '1' }, command: 'echo hi' }))).toBe(false);
  });

  it('a changed param, a disabled switch or new settings make the result stale', () => {
    const ran = nodeSignature(node({ command: 'echo hi' }));
    expect(isStale(ran, node({ command: 'echo bye' }))).toBe(true);
    expect(isStale(ran, node({ command: 'echo hi' }, true))).toBe(true);
    expect(isStale(ran, { ...node({ command: 'echo hi' }), settings: { retries: 2 } })).toBe(true);
  });

  it('a node the run did not have is not called stale', () => {
    expect(isStale(undefined, node({ command: 'x' }))).toBe(false);
  });

  it('remembers the nodes of the run it was told about', () => {
    noteRunDocument('r1', { format: 'pipewright/2', id: 'p', name: 'p', nodes: [{ id: 'a', kind: 'shell', version: 1, params: { command: 'x' }, position: { x: 0, y: 0 } }], edges: [] });
    expect(useRanWith.getState()).toEqual({ runId: 'r1', nodes: { a: nodeSignature(node({ command: 'x' })) } });
  });

  it('a new or moved connection into a node makes its result stale; a pin does not', () => {
    const wire = (from: string, port: string) => ({ from: { node: from, port: 'out' }, to: { node: 'a', port } });
    const ranWires = incomingOf([wire('x', 'input')]).a;
    const ran = nodeSignature(node({ command: 'cat' }), ranWires);
    expect(isStale(ran, node({ command: 'cat' }), incomingOf([wire('x', 'input')]).a)).toBe(false);
    expect(isStale(ran, node({ command: 'cat' }), incomingOf([wire('y', 'input')]).a)).toBe(true);
    expect(isStale(ran, node({ command: 'cat' }), incomingOf([wire('x', 'input'), wire('z', 'workspace')]).a)).toBe(true);
    expect(isStale(ran, node({ command: 'cat' }))).toBe(true);
    expect(isStale(ran, { ...node({ command: 'cat' }), settings: { pinned: { outputs: {} } } } as never, ranWires)).toBe(false);
  });
});

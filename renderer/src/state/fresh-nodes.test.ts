import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FORMAT, type Pipeline } from '../../../nodes/sdk';
import { endQuiet, isQuiet, QUIET_MS, useFresh } from './fresh-nodes';
import { useGraph } from './graph';

const doc: Pipeline = {
  format: FORMAT,
  id: 'demo',
  name: 'Demo',
  nodes: [{ id: 'greeting', kind: 'text', params: { text: 'hi' }, position: { x: 0, y: 0 } }],
  edges: [],
};
const graph = () => useGraph.getState();
const fresh = () => Object.keys(useFresh.getState().ids);
const missing = (nodeId: string) => ({ code: 'missing-input', nodeId });

beforeEach(() => {
  vi.useFakeTimers();
  graph().load({ doc, projectId: 'demo' });
});
afterEach(() => {
  endQuiet();
  vi.useRealTimers();
});

describe('nodes just placed', () => {
  it('a node from the opened document is not fresh; a dropped one is, and its missing input is quiet', () => {
    const id = graph().addNode('code-generator', { x: 300, y: 0 });
    expect(fresh()).toEqual([id]);
    expect(isQuiet(missing(id), useFresh.getState().ids)).toBe(true);
    expect(isQuiet(missing('greeting'), useFresh.getState().ids)).toBe(false);
    expect(isQuiet({ code: 'invalid-param', nodeId: id }, useFresh.getState().ids)).toBe(false);
  });

  it('stops being fresh after a while left unconnected', () => {
    const id = graph().addNode('code-generator', { x: 300, y: 0 });
    vi.advanceTimersByTime(QUIET_MS - 1);
    expect(fresh()).toEqual([id]);
    vi.advanceTimersByTime(1);
    expect(fresh()).toEqual([]);
  });

  it('stops being fresh when the person selects something else, or runs', () => {
    const a = graph().addNode('code-generator', { x: 300, y: 0 });
    graph().selectOnly('greeting');
    expect(fresh()).toEqual([]);
    graph().addNode('code-generator', { x: 600, y: 0 });
    endQuiet();
    expect(fresh()).toEqual([]);
    expect(a).toBeTruthy();
  });

  it('opening another document forgets what was fresh', () => {
    graph().addNode('code-generator', { x: 300, y: 0 });
    graph().load({ doc: { ...doc, id: 'other' }, projectId: 'demo' });
    expect(fresh()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { NodeInstance } from '../../../nodes/sdk';
import { initialValues, parseValues, runFields } from './run-inputs';
import { runTitle } from '../runs/run-title';

const input = (id: string, params: Record<string, unknown>, extra: Partial<NodeInstance> = {}): NodeInstance => ({
  id,
  kind: 'pipeline-input',
  version: 1,
  params,
  position: { x: 0, y: 0 },
  ...extra,
});

const doc = {
  nodes: [
    input('a', { name: 'topic', type: 'text', description: 'What the app is about' }),
    input('b', { name: 'count', type: 'json', default: 3 }),
    input('c', { name: 'fast', type: 'json', default: false }),
    input('d', { name: 'repo', type: 'repo' }),
    input('e', { name: 'off', type: 'text' }, { disabled: true }),
    input('f', { name: 'topic', type: 'json' }),
    { id: 'g', kind: 'shell', version: 1, params: { command: 'true' }, position: { x: 0, y: 0 } },
  ],
};

describe('the run form', () => {
  it('has one typed field per enabled pipeline input, first of a name wins', () => {
    expect(runFields(doc)).toEqual([
      { name: 'topic', type: 'text', kind: 'text', description: 'What the app is about', required: true },
      { name: 'count', type: 'json', kind: 'number', default: 3, required: false },
      { name: 'fast', type: 'json', kind: 'boolean', default: false, required: false },
      { name: 'repo', type: 'repo', kind: 'json', required: true },
    ]);
  });

  it('starts from the last values that still fit, else the defaults', () => {
    const fields = runFields(doc);
    expect(initialValues(fields, undefined)).toEqual({ topic: '', count: '3', fast: false, repo: '' });
    expect(initialValues(fields, { topic: 'cats', count: 7, fast: true, repo: 'not a repo' })).toEqual({ topic: 'cats', count: '7', fast: true, repo: '' });
  });

  it('parses typed values and names the input at fault', () => {
    const fields = runFields(doc);
    expect(parseValues(fields, { topic: 'cats', count: '12', fast: true, repo: '{"path":"/r","branch":"main","commit":"abc"}' })).toEqual({
      inputs: { topic: 'cats', count: 12, fast: true, repo: { path: '/r', branch: 'main', commit: 'abc' } },
      errors: {},
    });
    // Empty leaves the default; a required input cannot be empty.
    const { inputs, errors } = parseValues(fields, { topic: '', count: '', fast: false, repo: '{"path": 1}' });
    expect(inputs).toEqual({ fast: false });
    expect(errors.topic).toBe('input "topic" needs a value');
    expect(errors.count).toBeUndefined();
    expect(errors.repo).toMatch(/^input "repo" takes a repo value: .*\(at path\)$/);
    expect(parseValues(fields, { topic: 'x', count: 'three', fast: false, repo: '{' }).errors).toEqual({
      count: 'input "count" takes a number, not "three"',
      repo: expect.stringMatching(/^input "repo" is not valid JSON: /),
    });
  });

  it('titles the window with the state of the run on screen', () => {
    const run = { id: 'r', pipelineId: 'p', scope: { kind: 'all' as const }, startedAt: 1 };
    const nodes = { a: { status: 'succeeded' as const }, b: { status: 'cached' as const }, c: { status: 'running' as const }, d: { status: 'queued' as const } };
    expect(runTitle('My factory', undefined, {})).toBe('My factory — Pipewright');
    expect(runTitle('My factory', { ...run, status: 'running' }, nodes)).toBe('▶ 2/4 · My factory — Pipewright');
    expect(runTitle('My factory', { ...run, status: 'failed' }, nodes)).toBe('✗ failed · My factory — Pipewright');
    expect(runTitle(undefined, { ...run, status: 'succeeded' }, nodes)).toBe('✓ done · Pipewright');
  });
});

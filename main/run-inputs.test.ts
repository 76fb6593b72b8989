import { describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../nodes/sdk';
import { runInputProblems } from './run-inputs';

const input = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  id: name,
  kind: 'pipeline-input',
  version: 1,
  params: { name, type, ...extra },
  position: { x: 0, y: 0 },
});

const doc = (nodes: Pipeline['nodes'], declared?: Pick<Pipeline, 'inputs'>): Pipeline => ({
  format: FORMAT,
  id: 'p',
  name: 'P',
  nodes,
  edges: [],
  ...declared,
});

describe('run inputs given by a program', () => {
  const p = doc([input('topic', 'text'), input('repo', 'workspace'), input('tries', 'json', { default: 3 })]);

  it('accepts values of each input type, an input with a default left out', () => {
    expect(runInputProblems(p, { topic: 'a shop', repo: { path: '/srv/shop' } })).toEqual([]);
    expect(runInputProblems(p, { topic: 'a shop', repo: { path: '/srv/shop' }, tries: { any: ['json'] } })).toEqual([]);
  });

  it('refuses an input nested deeper than a param may be, naming it, at any depth without overflowing', () => {
    for (const depth of [100, 5_000, 200_000]) {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = [value];
      expect(runInputProblems(p, { topic: 'a shop', repo: { path: '/srv/shop' }, tries: value })).toEqual([
        { input: 'tries', message: 'input "tries": the value is nested more than 64 levels deep (at "tries.0.0.0.0… (65 levels)"); flatten it' },
      ]);
    }
  });

  it('names each input that is unknown, missing or of the wrong type, and what it takes', () => {
    expect(runInputProblems(p, { topic: 7, repo: '/srv/shop', topics: 'x' })).toEqual([
      { input: 'topics', message: 'input "topics": pipeline "p" has no input of that name (its inputs: topic, repo, tries)' },
      { input: 'topic', message: expect.stringMatching(/^input "topic" takes a text value: /) },
      { input: 'repo', message: expect.stringMatching(/^input "repo" takes a workspace value: /) },
    ]);
    expect(runInputProblems(p, { repo: { path: '' } })).toEqual([
      { input: 'topic', message: 'input "topic" is required: give it a text value' },
      { input: 'repo', message: expect.stringMatching(/^input "repo" takes a workspace value: .* at path$/) },
    ]);
  });

  it('follows the declared interface when the pipeline declares one, optional inputs included', () => {
    const declared = doc([input('topic', 'text')], { inputs: [{ name: 'topic', type: 'text' }, { name: 'notes', type: 'text', optional: true }] });
    expect(runInputProblems(declared, { topic: 'x' })).toEqual([]);
    expect(runInputProblems(declared, {})).toEqual([{ input: 'topic', message: 'input "topic" is required: give it a text value' }]);
    expect(runInputProblems(doc([]), { x: 1 })).toEqual([{ input: 'x', message: 'input "x": pipeline "p" has no input of that name (it declares no inputs)' }]);
  });
});

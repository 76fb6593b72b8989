import { describe, expect, it } from 'vitest';
import { definitionsByKind } from '../definitions';
import { keyResultOf } from './define-node';
import { compactCount, dollarsText, valueSummary } from './key-result';

/** The key result a node of `kind` shows for `outputs`, through its definition. */
function keyOf(kind: string, outputs: Record<string, unknown>) {
  const def = definitionsByKind.get(kind)!;
  return keyResultOf(def, outputs, def.outputs);
}

describe('key results per kind', () => {
  it('shell: the exit code, good at 0', () => {
    expect(keyOf('shell', { workspace: { path: '/w/p/sh' }, stdout: 'ok\n', exitCode: 0 })).toEqual({ text: 'exit 0', tone: 'good' });
  });

  it('code generator: files, rounds, tests and what the model cost', () => {
    const report = { files: ['a.js', 'b.js', 'c.js'], rounds: 2, tests: { passed: 8, failed: 0 }, tokens: { prompt: 1200, completion: 340 }, cost: 0.0123 };
    expect(keyOf('code-generator', { workspace: { path: '/w' }, report })).toEqual({ text: '3 files · 2 rounds · 8/8 tests · 1.5k tokens · $0.0123', tone: 'good' });
    expect(keyOf('code-generator', { workspace: { path: '/w' }, report: { files: ['a'], rounds: 1, tests: { passed: 3, failed: 1 }, tokens: { prompt: 0, completion: 0 }, cost: 0 } })).toEqual({
      text: '1 file · 1 round · 3/4 tests',
      tone: 'bad',
    });
  });

  it('software team: tasks done of all, then tokens and cost', () => {
    const report = { tasks: [{ status: 'done' }, { status: 'reused' }, { status: 'failed' }], tokens: { prompt: 20_000, completion: 5_000 }, cost: 0.5 };
    expect(keyOf('software-team', { workspace: { path: '/w' }, report, design: 'x' })).toEqual({ text: '2/3 tasks · 25k tokens · $0.50', tone: 'bad' });
  });

  it('build & deploy: the app URL as a link (generic: a service first)', () => {
    expect(keyOf('build-deploy', { service: { url: 'http://127.0.0.1:4100', name: 'app' }, workspace: { path: '/w' } })).toEqual({
      text: 'http://127.0.0.1:4100',
      href: 'http://127.0.0.1:4100',
    });
  });

  it('git repo, LLM endpoint, text: branch and commit, model, first line', () => {
    expect(keyOf('git-repo', { repo: { path: '/r', branch: 'main', commit: 'abc1234def' }, workspace: { path: '/r' } })?.text).toBe('main @ abc1234');
    expect(keyOf('llm-endpoint', { endpoint: { baseUrl: 'http://127.0.0.1:8000/v1', model: 'codestral' } })?.text).toBe('codestral at http://127.0.0.1:8000/v1');
    expect(keyOf('text', { text: '\n# A shop\nwith carts' })?.text).toBe('“# A shop”');
  });

  it('an older result the kind cannot read falls back to the generic line', () => {
    expect(keyOf('code-generator', { workspace: { path: '/w/p/gen' }, report: null })?.text).toBe('gen');
  });
});

describe('short renderings', () => {
  it('counts, dollars, JSON shapes', () => {
    expect([compactCount(999), compactCount(1500), compactCount(12_345), compactCount(2_500_000)]).toEqual(['999', '1.5k', '12k', '2.5M']);
    expect([dollarsText(0), dollarsText(0.0042), dollarsText(1.5)]).toEqual(['$0', '$0.0042', '$1.50']);
    // As the messages show them: a $0.015 budget is not $0.01, a tiny cost is no exponent.
    expect([dollarsText(0.015), dollarsText(0.0199), dollarsText(1e-7)]).toEqual(['$0.015', '$0.0199', '$0.0000001']);
    expect(valueSummary({ a: 1, b: 2, c: 3, d: 4 })?.text).toBe('{ a, b, c, … }');
    expect(valueSummary([1, 2])?.text).toBe('2 items');
    expect(valueSummary('x'.repeat(100))?.text).toBe(`“${'x'.repeat(59)}…”`);
  });
});

import { describe, expect, it } from 'vitest';
import { summarizeReport } from './report';

describe('a report read for a person', () => {
  it("gives a code generator's test counts, its verify rounds and its facts", () => {
    const summary = summarizeReport({
      mode: 'agent',
      files: ['a.js', 'b.js', 'test.js'],
      rounds: 2,
      verify: [
        { round: 1, command: 'npm test', exitCode: 1, passed: false, tests: { passed: 6, failed: 2 }, output: '…' },
        { round: 2, command: 'npm test', exitCode: 0, passed: true, tests: { passed: 8, failed: 0 }, output: '…' },
      ],
      tests: { passed: 8, failed: 0 },
      tokens: { prompt: 1200, completion: 300 },
      cost: 0.0123,
    });
    expect(summary.tests).toEqual({ passed: 8, failed: 0 });
    expect(summary.checks).toEqual([
      { label: 'npm test', passed: false, detail: 'round 1 · exit code 1 · 6 passed, 2 failed' },
      { label: 'npm test', passed: true, detail: 'round 2 · exit code 0 · 8 passed, 0 failed' },
    ]);
    expect(summary.facts).toEqual([
      ['mode', 'agent'],
      ['files', '3'],
      ['rounds', '2'],
      ['tokens', 'prompt 1200, completion 300'],
      ['cost', '0.0123'],
    ]);
  });

  it('names the failing tests, as strings or objects', () => {
    const summary = summarizeReport({ passed: 3, failed: 2, failures: [{ name: 'adds two numbers' }, 'parses dates'] });
    expect(summary.tests).toEqual({ passed: 3, failed: 2 });
    expect(summary.failing).toEqual(['adds two numbers', 'parses dates']);
    expect(summary.facts).toEqual([]);
  });

  it('takes the counts of the last check that counted tests when the report has none of its own', () => {
    expect(summarizeReport({ verify: [{ command: 'go test', exitCode: 1, tests: { passed: 1, failed: 1 } }] }).tests).toEqual({ passed: 1, failed: 1 });
  });
});

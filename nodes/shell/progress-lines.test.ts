import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { NodeProgress } from '../sdk';
import { progressLines } from './progress-lines';

function feed(chunks: string[]): NodeProgress[] {
  const seen: NodeProgress[] = [];
  const take = progressLines((p) => seen.push(p), stripVTControlCharacters);
  for (const c of chunks) take(c);
  return seen;
}

describe('progress from a command\'s output', () => {
  it('reads ::progress lines cut across chunks, with a total, a percentage or neither', () => {
    expect(feed(['::progress 1/4 fetch\r\n::pro', 'gress 50% half\n', 'noise ::progress 9/9\n::progress 7\n'])).toEqual([
      { done: 1, total: 4, label: 'fetch' },
      { done: 50, total: 100, label: 'half' },
      { done: 7 },
    ]);
  });

  it('counts the tests passed so far as common runners list them, colour codes and all', () => {
    const seen = feed([
      '\x1b[32m✔ adds numbers \x1b[90m(0.5ms)\x1b[39m\r\n',
      'ok 2 - parses input\n',
      '--- PASS: TestServe (0.00s)\n',
      'tests/test_api.py::test_list PASSED                 [ 60%]\n',
      '\x1b[31m✖ rejects bad input\x1b[39m\n',
      'not ok 6 - writes the file\n',
      'just a log line\n',
    ]);
    expect(seen.map((p) => p.label)).toEqual([
      '1 test passed so far',
      '2 tests passed so far',
      '3 tests passed so far',
      '4 tests passed so far',
      '4 tests passed, 1 failed so far',
      '4 tests passed, 2 failed so far',
    ]);
    expect(seen.at(-1)).toEqual({ done: 4, label: '4 tests passed, 2 failed so far' });
  });

  it('reads lines behind the window titles and cursor codes a pty passes through', () => {
    // npm sets the terminal's title (an OSC sequence) before the script's own output.
    expect(feed(['\x1b]0;npm test\x07::progress 1/3 install\n', '\x1b]0;node\x07\x1b[2K\x1b[32m✔ works\x1b[39m\n'])).toEqual([
      { done: 1, total: 3, label: 'install' },
    ]);
    expect(feed(['\x1b]0;npm test\x07\x1b[2K\x1b[32m✔ works\x1b[39m\n']).map((p) => p.label)).toEqual(['1 test passed so far']);
  });

  it('leaves test counting to a command that reports its own progress', () => {
    expect(feed(['::progress 1/2 build\n', '✔ a test\n', 'ok 1 - another\n'])).toEqual([{ done: 1, total: 2, label: 'build' }]);
  });
});

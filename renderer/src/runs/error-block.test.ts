import { describe, expect, it } from 'vitest';
import { errorBlock } from './error-block';

// The terminal's text without colours, as the person reads it.
const plain = (s: string) => s.replaceAll('\x1b', '').replace(/\[[0-9;]*m/g, '').replace(/\r\n/g, '\n');

describe("the end of a failed node's log", () => {
  it('prints the whole error even when the node printed nothing', () => {
    const text = plain(errorBlock('model server did not become ready\nvLLM said: CUDA out of memory\nfree: 0 MiB', []));
    expect(text).toBe('\n✗ failed\nmodel server did not become ready\nvLLM said: CUDA out of memory\nfree: 0 MiB\n');
  });

  it('adds the last lines printed when the error does not quote them', () => {
    const text = plain(errorBlock('agent gave up after 4 rounds', [
      { stream: 'info', chunk: '[round 1 of 4]\n' },
      { stream: 'stdout', chunk: 'npm test\nFAIL sum.test.js\n' },
    ]));
    expect(text).toMatch(/agent gave up after 4 rounds\n── last lines it printed ──\nnpm test\nFAIL sum\.test\.js\n$/);
  });

  it('does not repeat output the error already carries', () => {
    const text = plain(errorBlock('command exited with code 2\nline 1\nboom', [{ stream: 'stdout', chunk: 'line 1\nboom' }]));
    expect(text).toBe('\n\n✗ failed\ncommand exited with code 2\nline 1\nboom\n');
  });

  it('drops the internal call name from the error', () => {
    expect(plain(errorBlock('runs.start: engine error: boom', []))).toMatch(/Pipewright could not run this step .*: boom/);
  });
});

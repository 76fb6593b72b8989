import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tailFile } from './log-file';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-log-file-'));
  dirs.push(dir);
  const file = join(dir, 'app.log');
  writeFileSync(file, text);
  return file;
}

describe('the tail of a local service log', () => {
  it('shows the last lines as a terminal does: titles, links, colours and progress redraws gone', () => {
    const file = logFile(
      '\x1b]0;vite dev server\x07\x1b[36mVITE\x1b[39m ready\r\n' +
        'building 10%\rbuilding 60%\rbuilding 100%\r\n' +
        '\x1b]8;;http://127.0.0.1:5173/\x1b\\http://127.0.0.1:5173/\x1b]8;;\x1b\\\r\n\r\n',
    );
    expect(tailFile(file, 3)).toBe('VITE ready\nbuilding 100%\nhttp://127.0.0.1:5173/');
    expect(tailFile(file, 1)).toBe('http://127.0.0.1:5173/');
  });

  it('is empty for a log that does not exist', () => {
    expect(tailFile(join(tmpdir(), 'pipewright-no-such-log', 'app.log'), 5)).toBe('');
  });
});

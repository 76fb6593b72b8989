import { describe, expect, it } from 'vitest';
import { compareFiles, languageOf } from './file-changes';

describe('files compared with the previous run', () => {
  it('marks added, changed, unchanged and removed files by content', () => {
    const previous = [
      { path: 'a.txt', size: 3, hash: 'h1' },
      { path: 'b.txt', size: 3, hash: 'h2' },
      { path: 'gone.txt', size: 1, hash: 'h3' },
    ];
    const now = [
      { path: 'a.txt', size: 3, hash: 'h1' },
      { path: 'b.txt', size: 4, hash: 'h9' },
      { path: 'c.txt', size: 1, hash: 'h4' },
    ];
    expect(compareFiles(now, previous).map((r) => [r.path, r.change])).toEqual([
      ['a.txt', 'same'],
      ['b.txt', 'changed'],
      ['c.txt', 'added'],
      ['gone.txt', 'removed'],
    ]);
  });

  it('marks nothing without a previous run and keeps why a file was not kept', () => {
    expect(compareFiles([{ path: 'big.bin', size: 9, skipped: 'larger than 1024 KiB' }])).toEqual([
      { path: 'big.bin', size: 9, skipped: 'larger than 1024 KiB' },
    ]);
  });

  it("names Monaco's language from the file name", () => {
    expect(languageOf('src/app.ts')).toBe('typescript');
    expect(languageOf('Dockerfile')).toBe('dockerfile');
    expect(languageOf('data/out.JSON')).toBe('json');
    expect(languageOf('LICENSE')).toBe('plaintext');
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson } from './cache-key';
import { hashTree } from './fingerprint';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipewright-fp-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'main.ts'), 'export const x = 1;\n');
  writeFileSync(join(dir, 'README.md'), '# app\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('workspace fingerprint', () => {
  it('changes when a file is edited, and back when the edit is undone', async () => {
    const before = await hashTree(dir);
    writeFileSync(join(dir, 'src', 'main.ts'), 'export const x = 2;\n');
    const after = await hashTree(dir);
    expect(after).not.toBe(before);
    writeFileSync(join(dir, 'src', 'main.ts'), 'export const x = 1;\n');
    expect(await hashTree(dir)).toBe(before);
  });

  it('does not change when only modification times change', async () => {
    const before = await hashTree(dir);
    const later = new Date(Date.now() + 3_600_000);
    utimesSync(join(dir, 'src', 'main.ts'), later, later);
    utimesSync(join(dir, 'src'), later, later);
    expect(await hashTree(dir)).toBe(before);
  });

  it('changes when a file is renamed or added', async () => {
    const before = await hashTree(dir);
    writeFileSync(join(dir, 'src', 'extra.ts'), '');
    const added = await hashTree(dir);
    expect(added).not.toBe(before);
    rmSync(join(dir, 'src', 'extra.ts'));
    writeFileSync(join(dir, 'README2.md'), '# app\n');
    rmSync(join(dir, 'README.md'));
    expect(await hashTree(dir)).not.toBe(before);
  });

  it('leaves out .git and node_modules', async () => {
    const before = await hashTree(dir);
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    mkdirSync(join(dir, 'src', 'node_modules', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'src', 'node_modules', 'lib', 'index.js'), 'x');
    expect(await hashTree(dir)).toBe(before);
  });

  it('hashes a symlink by its target without following it', async () => {
    symlinkSync('/nonexistent/elsewhere', join(dir, 'link'));
    const one = await hashTree(dir);
    rmSync(join(dir, 'link'));
    symlinkSync('/nonexistent/other', join(dir, 'link'));
    expect(await hashTree(dir)).not.toBe(one);
  });

  it('says which folder is missing', async () => {
    await expect(hashTree(join(dir, 'gone'))).rejects.toThrow(`workspace folder ${join(dir, 'gone')} does not exist`);
  });
});

describe('cache keys', () => {
  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined], c: 'x' }, e: undefined })).toBe('{"a":{"c":"x","d":[1,null]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('differ by kind, version, params and input fingerprints', () => {
    const base = cacheKey('k', 1, { a: 1 }, [['in', 'f1']]);
    expect(cacheKey('k', 1, { a: 1 }, [['in', 'f1']])).toBe(base);
    expect(cacheKey('j', 1, { a: 1 }, [['in', 'f1']])).not.toBe(base);
    expect(cacheKey('k', 2, { a: 1 }, [['in', 'f1']])).not.toBe(base);
    expect(cacheKey('k', 1, { a: 2 }, [['in', 'f1']])).not.toBe(base);
    expect(cacheKey('k', 1, { a: 1 }, [['in', 'f2']])).not.toBe(base);
  });
});

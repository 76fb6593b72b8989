import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepFolder, keptFolder, pruneRuns, readManifest } from './keep';
import { readKeptFile } from './read';

let dir: string;
let ws: string;
let root: string;
const key = { projectId: 'p1', runId: 'r1', nodeId: 'gen', port: 'workspace' };
const plain = (text: string) => text;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-run-files-'));
  ws = join(dir, 'ws');
  root = join(dir, 'kept');
  mkdirSync(join(ws, 'src'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('keeping a folder output', () => {
  it('lists every file with its size and hash and keeps its content, whatever the workspace does next', () => {
    writeFileSync(join(ws, 'README.md'), '# App\n');
    writeFileSync(join(ws, 'src', 'main.js'), 'console.log(1)\n');
    mkdirSync(join(ws, 'node_modules', 'left-pad'), { recursive: true });
    writeFileSync(join(ws, 'node_modules', 'left-pad', 'index.js'), '');
    const manifest = keepFolder(root, key, ws);
    expect(manifest.files.map((f) => [f.path, f.size])).toEqual([
      ['README.md', 6],
      ['src/main.js', 15],
    ]);
    expect(manifest.files[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.notKept).toEqual(['node_modules/']);
    rmSync(ws, { recursive: true });
    expect(readKeptFile(root, key, 'src/main.js', plain).text).toBe('console.log(1)\n');
    expect(readManifest(root, key)).toEqual(manifest);
  });

  it('lists a link but never follows it, so nothing outside the workspace is kept', () => {
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    symlinkSync(join(dir, 'secret.txt'), join(ws, 'link.txt'));
    symlinkSync(dir, join(ws, 'up'));
    const manifest = keepFolder(root, key, ws);
    expect(manifest.files).toEqual([]);
    expect(manifest.notKept.sort()).toEqual(['link.txt', 'up']);
    expect(() => readKeptFile(root, key, 'link.txt', plain)).toThrow(/no file "link.txt"/);
  });

  it('lists files over the size limits without their content', () => {
    writeFileSync(join(ws, 'a.bin'), Buffer.alloc(3000));
    writeFileSync(join(ws, 'b.txt'), 'x'.repeat(900));
    writeFileSync(join(ws, 'c.txt'), 'y'.repeat(900));
    const manifest = keepFolder(root, key, ws, { files: 100, fileBytes: 2048, totalBytes: 1000 });
    expect(manifest.files).toEqual([
      { path: 'a.bin', size: 3000, skipped: 'larger than 2 KiB' },
      expect.objectContaining({ path: 'b.txt', size: 900, hash: expect.any(String) }),
      { path: 'c.txt', size: 900, skipped: expect.stringContaining('MiB were kept') },
    ]);
    expect(() => readKeptFile(root, key, 'a.bin', plain)).toThrow(/"a.bin" was not kept \(larger than 2 KiB\)/);
  });

  it('stops listing at the file limit and counts the rest', () => {
    for (let i = 0; i < 5; i++) writeFileSync(join(ws, `f${i}.txt`), `${i}`);
    writeFileSync(join(ws, 'src', 'late.txt'), '');
    const manifest = keepFolder(root, key, ws, { files: 3, fileBytes: 1024, totalBytes: 1024 });
    expect(manifest.files.map((f) => f.path)).toEqual(['f0.txt', 'f1.txt', 'f2.txt']);
    expect(manifest.omitted).toBe(3);
  });

  it('keeps node ids and ports that look like paths inside its own folder', () => {
    const sneaky = { projectId: '..', runId: '../..', nodeId: '/etc', port: '.' };
    expect(keptFolder(root, sneaky).startsWith(`${root}/`)).toBe(true);
    expect(keptFolder(root, sneaky).split('/').slice(-4)).toEqual(['%2E%2E', '%2E%2E%2F%2E%2E', '%2Fetc', '%2E']);
  });

  it('removes the files of older runs beyond the number kept', async () => {
    writeFileSync(join(ws, 'a.txt'), 'a');
    for (const runId of ['r1', 'r2', 'r3']) {
      keepFolder(root, { ...key, runId }, ws);
      await new Promise((r) => setTimeout(r, 20));
    }
    pruneRuns(root, 'p1', 2);
    expect(readManifest(root, { ...key, runId: 'r1' })).toBeUndefined();
    expect(readManifest(root, { ...key, runId: 'r3' })).toBeDefined();
  });
});

describe('reading a kept file', () => {
  beforeEach(() => {
    writeFileSync(join(ws, 'config.json'), '{"token":"hunter22"}');
    writeFileSync(join(ws, 'logo.png'), Buffer.from([0x89, 0x50, 0, 1]));
    keepFolder(root, key, ws);
  });

  it('refuses a path that climbs out or is absolute, naming the node and output', () => {
    expect(() => readKeptFile(root, key, '../../../../etc/passwd', plain)).toThrow(
      'cannot open "../../../../etc/passwd": it is not among the files node "gen" left in its "workspace" output',
    );
    expect(() => readKeptFile(root, key, '/etc/passwd', plain)).toThrow(/cannot open "\/etc\/passwd"/);
    expect(() => readKeptFile(root, key, 'src/../../manifest.json', plain)).toThrow(/cannot open/);
  });

  it('refuses a link planted among the kept files that leads out', () => {
    symlinkSync('/etc/passwd', join(keptFolder(root, key), 'files', 'config.json.lnk'));
    expect(() => readKeptFile(root, key, 'config.json.lnk', plain)).toThrow(/cannot open "config.json.lnk"/);
  });

  it('shows text redacted and says when a file is binary', () => {
    const redact = (t: string) => t.replace('hunter22', '[secret TOKEN]');
    expect(readKeptFile(root, key, 'config.json', redact)).toEqual({ path: 'config.json', size: 20, binary: false, text: '{"token":"[secret TOKEN]"}' });
    expect(readKeptFile(root, key, 'logo.png', plain)).toEqual({ path: 'logo.png', size: 4, binary: true });
  });

  it('says when the files of a run were not kept', () => {
    expect(() => readKeptFile(root, { ...key, runId: 'old' }, 'config.json', plain)).toThrow(
      'the files of this run of node "gen" were not kept; run the node again to see them',
    );
  });
});

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogEntry } from './catalog';
import type { DownloadProgress } from './download';
import { ModelLibrary } from './model-library';
import { writeStandInModel } from './stand-in-gguf.test-support';

// A local HTTP server plays the model hub (127.0.0.1 only), serving a stand-in GGUF with Range
// support, the way Hugging Face serves files; the download code is the one a real pull runs.
let dir: string;
let file: Buffer;
let sha: string;
let server: Server;
let base: string;
let home: string;
const seen: { range?: string }[] = [];
let cutFirst = false;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-models-'));
  file = readFileSync(writeStandInModel(join(dir, 'source.gguf')).path);
  sha = createHash('sha256').update(file).digest('hex');
  server = createServer((req, res) => {
    seen.push({ range: req.headers.range });
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const body = file.subarray(start);
    res.writeHead(m ? 206 : 200, { 'content-length': body.length, ...(m ? { 'content-range': `bytes ${start}-${file.length - 1}/${file.length}` } : {}) });
    const cut = cutFirst && seen.length === 1 ? Math.floor(file.length / 2) : body.length;
    let at = 0;
    const next = () => {
      if (at >= cut) return cut < body.length ? res.destroy() : res.end();
      const chunk = body.subarray(at, Math.min(at + 32 * 1024, cut));
      at += chunk.length;
      // A pause after the first chunk: a busy client would otherwise read the whole file in one
      // go, and a download seen as one chunk has no progress to report before its end.
      res.write(chunk, () => setTimeout(next, at === chunk.length ? 300 : 2));
    };
    next();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  home = mkdtempSync(join(dir, 'home-'));
  seen.length = 0;
  cutFirst = false;
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function catalog(sha256: string | null): CatalogEntry[] {
  return [
    {
      id: 'stand-in',
      name: 'Stand-in model',
      for: 'cpu',
      description: 'random weights',
      bytes: file.length,
      licence: 'MIT',
      url: `${base}/stand-in.gguf`,
      sha256,
    },
  ];
}

describe('pulling a model (from a local stand-in hub)', () => {
  it('downloads with progress (bytes, speed, time left), checks the checksum and lists it as installed', async () => {
    const library = new ModelLibrary(home, catalog(sha));
    const progress: DownloadProgress[] = [];
    const model = await library.pull('stand-in', { onProgress: (p) => progress.push(p) });
    expect(readFileSync(model.path).equals(file)).toBe(true);
    expect(model).toMatchObject({ id: 'stand-in', bytes: file.length, sha256: sha, source: 'pulled' });
    expect(progress.length).toBeGreaterThan(1);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ receivedBytes: file.length, totalBytes: file.length, secondsLeft: 0 });
    expect(last.bytesPerSecond).toBeGreaterThan(0);
    expect(progress.some((p) => p.receivedBytes < file.length && p.secondsLeft! > 0)).toBe(true);
    expect(new ModelLibrary(home, catalog(sha)).list()).toEqual([
      { id: 'stand-in', name: 'Stand-in model', for: 'cpu', licence: 'MIT', bytes: file.length, installed: true, source: 'pulled', path: model.path },
    ]);
  });

  it('resumes a download cut mid-file with a Range request, and the file comes out whole', async () => {
    cutFirst = true;
    const library = new ModelLibrary(home, catalog(sha));
    const model = await library.pull('stand-in');
    expect(seen).toHaveLength(2);
    expect(seen[0].range).toBeUndefined();
    const from = Number(/^bytes=(\d+)-$/.exec(seen[1].range ?? '')?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThan(file.length);
    expect(readFileSync(model.path).equals(file)).toBe(true);
  });

  it('refuses a file whose checksum is wrong and removes what it downloaded', async () => {
    const library = new ModelLibrary(home, catalog('0'.repeat(64)));
    const error = await library.pull('stand-in').catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `the file from ${base}/stand-in.gguf has SHA-256 ${sha}, not the expected ${'0'.repeat(64)}: it was removed; pull again, and if it happens again the file on the server has changed`,
    );
    expect(readdirSync(library.dir).filter((f) => f.includes('gguf'))).toEqual([]);
    expect(library.list()[0].installed).toBe(false);
  });

  it('records the checksum of the first download when the catalog does not know it', async () => {
    const library = new ModelLibrary(home, catalog(null));
    await library.pull('stand-in');
    expect(library.find('stand-in')?.sha256).toBe(sha);
  });
});

describe('adding and removing models', () => {
  it('adds a GGUF file where it is, and removing it forgets it but keeps the file', async () => {
    const library = new ModelLibrary(home, []);
    const mine = join(home, 'My Model.gguf');
    writeFileSync(mine, file);
    const model = await library.add(mine);
    expect(model).toMatchObject({ id: 'My-Model', path: mine, bytes: file.length, sha256: sha, source: 'added' });
    expect(library.list().map((r) => [r.id, r.installed])).toEqual([['My-Model', true]]);
    const removed = await library.remove('My-Model');
    expect(removed.deletedFile).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(library.installed()).toEqual([]);
  });

  it('removing a pulled model deletes its file', async () => {
    const library = new ModelLibrary(home, catalog(sha));
    const model = await library.pull('stand-in');
    expect((await library.remove('stand-in')).deletedFile).toBe(true);
    expect(existsSync(model.path)).toBe(false);
  });

  it('refuses a file that is not GGUF, naming it', async () => {
    const library = new ModelLibrary(home, []);
    const notes = join(home, 'notes.gguf');
    writeFileSync(notes, 'hello');
    await expect(library.add(notes)).rejects.toThrow(`${notes} is not a GGUF model file (it does not start with "GGUF")`);
    expect(library.installed()).toEqual([]);
  });
});

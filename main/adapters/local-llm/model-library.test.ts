import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
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
/** How the stand-in hub misbehaves on its first answer of a test. */
let firstAnswer: 'normal' | 'stall' | 'busy' | 'web-page' | 'petabyte' = 'normal';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-models-'));
  file = readFileSync(writeStandInModel(join(dir, 'source.gguf')).path);
  sha = createHash('sha256').update(file).digest('hex');
  server = createServer((req, res) => {
    seen.push({ range: req.headers.range });
    if (firstAnswer === 'web-page') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in to continue</body></html>');
    if (firstAnswer === 'busy' && seen.length === 1) return void res.writeHead(503, 'Service Unavailable').end();
    // A file no disk here can hold: its length is all that is sent.
    if (firstAnswer === 'petabyte') return void res.writeHead(200, { 'content-length': String(2 ** 50) }).flushHeaders();
    if (firstAnswer === 'stall' && seen.length === 1) {
      // Half the file, then nothing: the connection stays open and silent.
      res.writeHead(200, { 'content-length': file.length });
      return void res.write(file.subarray(0, file.length >> 1));
    }
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
  firstAnswer = 'normal';
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

  it('gives up on a server that goes silent mid-file, and resumes from where it stopped', async () => {
    firstAnswer = 'stall';
    const library = new ModelLibrary(home, catalog(sha));
    // Without the stall timeout this pull waits for the server for minutes: the test's timeout catches it.
    const model = await library.pull('stand-in', { stallMs: 500, retryDelayMs: 0 });
    expect(seen).toHaveLength(2);
    expect(seen[1].range).toBe(`bytes=${file.length >> 1}-`);
    expect(readFileSync(model.path).equals(file)).toBe(true);
  });

  it('says how long a server stayed silent when it never sends the rest', async () => {
    firstAnswer = 'stall';
    const library = new ModelLibrary(home, catalog(sha));
    const error = await library.pull('stand-in', { stallMs: 300, retryDelayMs: 0, attempts: 1 }).catch((e: Error) => e.message);
    expect(error).toBe(`${base}/stand-in.gguf sent nothing for 300 ms after ${file.length >> 1} of ${file.length} bytes after 1 try; run the pull again to resume from there`);
    // What came is kept for the next pull.
    expect(readdirSync(library.dir)).toContain('stand-in.gguf.part');
  });

  it('tries again after a server error (503) instead of giving up', async () => {
    firstAnswer = 'busy';
    const library = new ModelLibrary(home, catalog(sha));
    const model = await library.pull('stand-in', { retryDelayMs: 0 });
    expect(seen).toHaveLength(2);
    expect(readFileSync(model.path).equals(file)).toBe(true);
  });

  it('refuses what is not a model (a sign-in page) when the catalog has no checksum, and removes it', async () => {
    firstAnswer = 'web-page';
    const library = new ModelLibrary(home, catalog(null));
    const error = await library.pull('stand-in').catch((e: Error) => e.message);
    expect(error).toBe(
      `the file from ${base}/stand-in.gguf is not what was expected (it is not a GGUF model file (it does not start with "GGUF"): the built-in model runs GGUF files, such as the ones llama.cpp and Ollama use): it was removed; check the model's URL`,
    );
    expect(readdirSync(library.dir)).toEqual([]);
    expect(library.list()[0].installed).toBe(false);
  });

  it('refuses a file larger than the free disk before its first byte', async () => {
    firstAnswer = 'petabyte';
    const library = new ModelLibrary(home, catalog(sha));
    const error = await library.pull('stand-in', { retryDelayMs: 0 }).catch((e: Error) => e.message);
    expect(error).toMatch(new RegExp(`^the model needs 1048576\\.0 GB more on the disk of ${library.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, and [\\d.]+ [GM]B is free: free some space, then pull again$`));
    expect(seen).toHaveLength(1);
    expect(readdirSync(library.dir)).toEqual([]);
  });

  it('stops at once when the disk is full, and removes what it wrote', async () => {
    const library = new ModelLibrary(home, catalog(sha));
    mkdirSync(library.dir, { recursive: true });
    // The part file is a link to /dev/full: every write fails with ENOSPC, as on a full disk.
    symlinkSync('/dev/full', join(library.dir, 'stand-in.gguf.part'));
    const error = await library.pull('stand-in', { retryDelayMs: 0 }).catch((e: Error) => e.message);
    expect(error).toBe(
      `the model could not be written to ${join(library.dir, 'stand-in.gguf.part')}: no space is left on the disk (ENOSPC); it was removed; free some space or fix the folder, then pull again`,
    );
    expect(seen).toHaveLength(1);
    expect(readdirSync(library.dir)).toEqual([]);
  });

  it('refuses a second pull of the same model while the first runs (two windows, two terminals), and takes over a lock left by a process that is gone', async () => {
    firstAnswer = 'stall';
    const first = new ModelLibrary(home, catalog(sha)).pull('stand-in', { stallMs: 1500, retryDelayMs: 0 });
    await vi.waitFor(() => expect(seen.length).toBe(1));
    const second = await new ModelLibrary(home, catalog(sha)).pull('stand-in').catch((e: Error) => e.message);
    expect(second).toBe(`stand-in is being pulled already (by process ${process.pid}, this one): wait for that pull, or stop it and pull again`);
    const model = await first;
    expect(readFileSync(model.path).equals(file)).toBe(true);
    expect(readdirSync(join(home, 'models')).sort()).toEqual(['installed.json', 'stand-in.gguf']);

    await new ModelLibrary(home, catalog(sha)).remove('stand-in');
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    writeFileSync(join(home, 'models', 'stand-in.gguf.part.lock'), String(gone));
    seen.length = 0;
    firstAnswer = 'normal';
    expect((await new ModelLibrary(home, catalog(sha)).pull('stand-in')).bytes).toBe(file.length);
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
    await expect(library.add(notes)).rejects.toThrow(`${notes} cannot be added: it is not a GGUF model file (it does not start with "GGUF")`);
    // A GGUF file whose header is damaged is refused when added, not when first used.
    const damaged = join(home, 'damaged.gguf');
    const bytes = Buffer.from(file);
    bytes.writeBigUInt64LE(0xffffffffffffffffn, 8);
    writeFileSync(damaged, bytes);
    await expect(library.add(damaged)).rejects.toThrow(`${damaged} cannot be added: it says it holds 18 metadata entries and 18446744073709551615 tensors, more than its ${file.length} bytes can: the file is damaged`);
    await expect(library.add(home)).rejects.toThrow(`${home} is not a file: give the path of a .gguf model file`);
    await expect(library.add(join(home, 'nowhere.gguf'))).rejects.toThrow(`the model file ${join(home, 'nowhere.gguf')} cannot be read (ENOENT)`);
    expect(library.installed()).toEqual([]);
  });
});

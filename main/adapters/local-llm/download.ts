/**
 * Fetches a model file over HTTP(S) into `<dest>.part`, resuming with a Range request after a
 * cut (within one pull, and across pulls: the part file stays), then checks its SHA-256 before
 * the file takes its name. A file that does not match is removed, never kept.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface DownloadProgress {
  receivedBytes: number;
  /** Unknown when the server sends no length. */
  totalBytes?: number;
  /** Averaged over this pull. */
  bytesPerSecond: number;
  secondsLeft?: number;
}

export interface DownloadOptions {
  /** Hex; when given, a file with another checksum is refused and removed. */
  sha256?: string | null;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  /** Tries in all, each resuming where the last one was cut (default 4). */
  attempts?: number;
  /** How often progress is reported at most (default 250 ms). */
  progressEveryMs?: number;
}

export class DownloadError extends Error {
  override name = 'DownloadError';
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** Where a URL points, without anything that could be a credential (user info, query). */
function shown(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'the URL';
  }
}

/** Downloads `url` to `dest`; returns the file's size and SHA-256. */
export async function download(url: string, dest: string, options: DownloadOptions = {}): Promise<{ bytes: number; sha256: string }> {
  const part = `${dest}.part`;
  const attempts = options.attempts ?? 4;
  const every = options.progressEveryMs ?? 250;
  const started = performance.now();
  let fetchedThisPull = 0;
  let total: number | undefined;
  let lastReport = 0;
  const report = (received: number, force = false) => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - lastReport < every)) return;
    lastReport = now;
    const seconds = Math.max((now - started) / 1000, 1e-3);
    const bytesPerSecond = fetchedThisPull / seconds;
    const secondsLeft = total !== undefined && bytesPerSecond > 0 ? Math.max(0, (total - received) / bytesPerSecond) : undefined;
    options.onProgress({ receivedBytes: received, totalBytes: total, bytesPerSecond, secondsLeft });
  };

  let lastProblem = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const offset = await sizeOf(part);
    let response: Response;
    try {
      response = await fetch(url, { headers: offset ? { Range: `bytes=${offset}-` } : {}, signal: options.signal, redirect: 'follow' });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      lastProblem = `could not connect to ${shown(url)} (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message})`;
      continue;
    }
    if (response.status === 416 && offset > 0) {
      // The part file already holds the whole file: a pull cut just before it was renamed.
      total = offset;
      await response.body?.cancel();
      break;
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      throw new DownloadError(`${shown(url)} answered HTTP ${response.status} ${response.statusText}: check the model's URL, or download the file yourself and add it with pipewright models add <file>`);
    }
    const resumed = response.status === 206;
    const length = Number(response.headers.get('content-length') ?? NaN);
    total = Number.isFinite(length) ? (resumed ? offset : 0) + length : undefined;
    let received = resumed ? offset : 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        fetchedThisPull += chunk.length;
        report(received);
        done(null, chunk);
      },
    });
    try {
      // A server that ignores Range sends the whole file again: start the part file over.
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counter, createWriteStream(part, { flags: resumed ? 'a' : 'w' }), {
        signal: options.signal,
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      lastProblem = `the download was cut after ${received} of ${total ?? '?'} bytes (${(err as Error).message})`;
      continue;
    }
    if (total !== undefined && received < total) {
      lastProblem = `the download was cut after ${received} of ${total} bytes`;
      continue;
    }
    total ??= received;
    lastProblem = '';
    break;
  }
  if (lastProblem) throw new DownloadError(`${lastProblem} after ${attempts} tries; run the pull again to resume from there`);

  const bytes = await sizeOf(part);
  report(bytes, true);
  const sha256 = await sha256Of(part);
  if (options.sha256 && sha256 !== options.sha256.toLowerCase()) {
    await rm(part, { force: true });
    throw new DownloadError(
      `the file from ${shown(url)} has SHA-256 ${sha256}, not the expected ${options.sha256}: it was removed; pull again, and if it happens again the file on the server has changed`,
    );
  }
  await rename(part, dest);
  return { bytes, sha256 };
}

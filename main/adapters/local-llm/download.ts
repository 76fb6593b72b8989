/**
 * Fetches a model file over HTTP(S) into `<dest>.part`, resuming with a Range request after a
 * cut (within one pull, and across pulls: the part file stays), then checks its SHA-256 before
 * the file takes its name. A file that does not match is removed, never kept.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
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
  /** A server that sends nothing for this long is given up on, and the pull resumes (default 60 s). */
  stallMs?: number;
  /** The wait before trying again after a cut or a server error, times the try's number (default 1 s). */
  retryDelayMs?: number;
  /** Checks the whole file before it takes its name; what it throws refuses the file, and the file is removed. */
  verify?: (path: string) => Promise<void>;
}

export class DownloadError extends Error {
  override name = 'DownloadError';
}

/** Write errors that another try cannot mend: the disk, not the network. */
const DISK_ERRORS: Record<string, string> = {
  ENOSPC: 'no space is left on the disk',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  EACCES: 'permission is denied',
  EPERM: 'permission is denied',
};

function gb(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
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
  const stallMs = options.stallMs ?? 60_000;
  const retryDelayMs = options.retryDelayMs ?? 1000;
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
    if (lastProblem && retryDelayMs) await new Promise((r) => setTimeout(r, retryDelayMs * (attempt - 1)));
    if (options.signal?.aborted) throw options.signal.reason;
    const offset = await sizeOf(part);
    // This try's own stop: the person's, or a server that went quiet for stallMs.
    const attemptStop = new AbortController();
    const stopAttempt = () => attemptStop.abort();
    options.signal?.addEventListener('abort', stopAttempt, { once: true });
    let stalled = false;
    let quiet: NodeJS.Timeout | undefined;
    const heard = () => {
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        stalled = true;
        attemptStop.abort();
      }, stallMs);
    };
    const quietFor = `${stallMs >= 1000 ? `${Math.round(stallMs / 1000)} s` : `${stallMs} ms`}`;
    heard();
    const done = () => {
      clearTimeout(quiet);
      options.signal?.removeEventListener('abort', stopAttempt);
    };
    let response: Response;
    try {
      response = await fetch(url, { headers: offset ? { Range: `bytes=${offset}-` } : {}, signal: attemptStop.signal, redirect: 'follow' });
    } catch (err) {
      done();
      if (options.signal?.aborted) throw err;
      lastProblem = stalled
        ? `${shown(url)} did not answer within ${quietFor}`
        : `could not connect to ${shown(url)} (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message})`;
      continue;
    }
    if (response.status === 416 && offset > 0) {
      // The part file already holds the whole file: a pull cut just before it was renamed.
      done();
      total = offset;
      await response.body?.cancel();
      break;
    }
    if (response.status >= 500 || response.status === 429) {
      done();
      await response.body?.cancel().catch(() => {});
      lastProblem = `${shown(url)} answered HTTP ${response.status} ${response.statusText}`;
      continue;
    }
    if (response.status !== 200 && response.status !== 206) {
      done();
      await response.body?.cancel();
      throw new DownloadError(`${shown(url)} answered HTTP ${response.status} ${response.statusText}: check the model's URL, or download the file yourself and add it with pipewright models add <file>`);
    }
    const resumed = response.status === 206;
    const length = Number(response.headers.get('content-length') ?? NaN);
    total = Number.isFinite(length) ? (resumed ? offset : 0) + length : undefined;
    if (Number.isFinite(length)) {
      // A file the disk cannot hold is refused before its first byte, not when the disk is full.
      const disk = await statfs(dirname(dest)).catch(() => undefined);
      const free = disk ? disk.bavail * disk.bsize : Infinity;
      if (length > free) {
        done();
        await response.body?.cancel();
        throw new DownloadError(`the model needs ${gb(length)} more on the disk of ${dirname(dest)}, and ${gb(free)} is free: free some space, then pull again`);
      }
    }
    let received = resumed ? offset : 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, next) {
        heard();
        received += chunk.length;
        fetchedThisPull += chunk.length;
        report(received);
        next(null, chunk);
      },
    });
    let writeError: NodeJS.ErrnoException | undefined;
    const file = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
    file.once('error', (err) => (writeError = err));
    try {
      // A server that ignores Range sends the whole file again: start the part file over.
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counter, file, { signal: attemptStop.signal });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const disk = writeError?.code ? DISK_ERRORS[writeError.code] : undefined;
      if (disk) {
        // Trying again fills the same disk: what was written goes, so the space comes back.
        await rm(part, { force: true });
        throw new DownloadError(`the model could not be written to ${part}: ${disk} (${writeError!.code}); it was removed; free some space or fix the folder, then pull again`);
      }
      lastProblem = stalled
        ? `${shown(url)} sent nothing for ${quietFor} after ${received} of ${total ?? '?'} bytes`
        : `the download was cut after ${received} of ${total ?? '?'} bytes (${(err as Error).message})`;
      continue;
    } finally {
      done();
    }
    if (total !== undefined && received < total) {
      lastProblem = `the download was cut after ${received} of ${total} bytes`;
      continue;
    }
    total ??= received;
    lastProblem = '';
    break;
  }
  if (lastProblem) throw new DownloadError(`${lastProblem} after ${attempts === 1 ? '1 try' : `${attempts} tries`}; run the pull again to resume from there`);

  const bytes = await sizeOf(part);
  report(bytes, true);
  const sha256 = await sha256Of(part);
  if (options.sha256 && sha256 !== options.sha256.toLowerCase()) {
    await rm(part, { force: true });
    throw new DownloadError(
      `the file from ${shown(url)} has SHA-256 ${sha256}, not the expected ${options.sha256}: it was removed; pull again, and if it happens again the file on the server has changed`,
    );
  }
  if (options.verify) {
    try {
      await options.verify(part);
    } catch (err) {
      await rm(part, { force: true });
      throw new DownloadError(`the file from ${shown(url)} is not what was expected (${(err as Error).message}): it was removed; check the model's URL`);
    }
  }
  await rename(part, dest);
  return { bytes, sha256 };
}

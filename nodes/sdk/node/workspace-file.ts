import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { lstat, mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

// A workspace holds what generated code made, and that code may have left a link, a FIFO or
// a second name of a file elsewhere where Pipewright reads or writes its own files (a
// Dockerfile, a .dockerignore, manifests, package.json). Opened without following a final link
// and without blocking, and checked on the open handle; Windows has neither flag, nor FIFOs.
const POSIX_FLAGS = (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/** A file in a workspace that Pipewright will not read or write through. */
export class WorkspaceFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceFileError';
  }
}

function refusal(rel: string, what: string): WorkspaceFileError {
  return new WorkspaceFileError(
    `${rel} in the workspace is ${what}; Pipewright reads and writes only plain files there, so that nothing outside the workspace is touched and nothing waits forever: delete it (or make it a plain file) and run the node again`,
  );
}

/** What `info` is when it is not a plain file Pipewright may use; hard links count only for writing. */
function kindOf(info: Stats, forWriting: boolean): string | undefined {
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isDirectory()) return 'a folder';
  if (forWriting && info.nlink > 1) return `a file with ${info.nlink} hard links`;
  return undefined;
}

/** The most of one file Pipewright reads to learn about an app (package.json, go.mod, code). */
export const MAX_READ_BYTES = 4 * 1024 * 1024;

function notInside(rel: string): WorkspaceFileError | undefined {
  const parts = path.normalize(rel).split(path.sep).filter(Boolean);
  return path.isAbsolute(rel) || parts.includes('..') ? new WorkspaceFileError(`${rel} is not a path inside the workspace`) : undefined;
}

function isInside(root: string, candidate: string): boolean {
  const r = path.relative(root, candidate);
  return r === '' || (!r.startsWith(`..${path.sep}`) && r !== '..' && !path.isAbsolute(r));
}

/** For writing: a folder on the way from `dir` to `rel` that is a link, which would put the file elsewhere. */
function pathProblem(dir: string, rel: string): WorkspaceFileError | undefined {
  const bad = notInside(rel);
  if (bad) return bad;
  let at = dir;
  for (const part of path.normalize(rel).split(path.sep).filter(Boolean).slice(0, -1)) {
    at = path.join(at, part);
    const info = lstatSync(at, { throwIfNoEntry: false });
    if (!info) return undefined;
    if (info.isSymbolicLink()) return refusal(path.relative(dir, at), 'a symbolic link');
  }
  return undefined;
}

/**
 * For reading: where `rel` really is, links followed (a Dockerfile linked to docker/Dockerfile
 * is fine), or undefined when there is nothing there. A link that leads out of the workspace
 * is refused: what it points at is not the app's.
 */
function readablePath(dir: string, rel: string): string | undefined {
  const bad = notInside(rel);
  if (bad) throw bad;
  let real: string;
  try {
    real = realpathSync(path.join(dir, rel));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ELOOP') throw refusal(rel, 'a loop of symbolic links');
    throw err;
  }
  if (!isInside(realpathSync(dir), real)) {
    throw new WorkspaceFileError(
      `${rel} in the workspace is a symbolic link to ${real}, outside the workspace: Pipewright reads only the workspace's own files; replace the link with the file itself and run the node again`,
    );
  }
  return real;
}

/**
 * The text of `rel` in the workspace `dir`, read at once (for code that must stay synchronous),
 * or undefined when there is none. Refuses a link leading out of the workspace, a FIFO (reading
 * one would stop the whole process, not just the node) and a device (/dev/zero never ends).
 * With `head`, a larger file gives its first `maxBytes`; without, it is refused.
 */
export function readWorkspaceFileSync(dir: string, rel: string, { maxBytes = MAX_READ_BYTES, head = false } = {}): string | undefined {
  const real = readablePath(dir, rel);
  if (real === undefined) return undefined;
  let fd: number;
  try {
    // The real path has no link left in it: one swapped in since is refused, not followed.
    fd = openSync(real, constants.O_RDONLY | POSIX_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ELOOP') throw refusal(rel, 'a symbolic link');
    throw err;
  }
  try {
    const info = fstatSync(fd);
    const what = kindOf(info, false);
    if (what) throw refusal(rel, what);
    if (info.size > maxBytes && !head) throw tooLarge(rel, info.size, maxBytes);
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes));
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/** Refuses a folder on the way from `dir` to `rel` that is a link: writing below it would land elsewhere. */
function checkFolders(dir: string, rel: string): void {
  const bad = pathProblem(dir, rel);
  if (bad) throw bad;
}

async function opened(file: string, rel: string, flags: number): Promise<FileHandle | undefined> {
  try {
    return await open(file, flags | POSIX_FLAGS, 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ELOOP') throw refusal(rel, 'a symbolic link');
    // A FIFO without a reader refuses a non-blocking open for writing.
    if (code === 'ENXIO') throw refusal(rel, 'a named pipe (FIFO)');
    if (code === 'EISDIR') throw refusal(rel, 'a folder');
    throw err;
  }
}

/** Throws (closing it) when the open file is not a plain file (with one name, for writing), or larger than `maxBytes`. */
async function checkHandle(handle: FileHandle, rel: string, forWriting: boolean, maxBytes = Infinity): Promise<void> {
  const info = await handle.stat();
  const what = kindOf(info, forWriting);
  if (what || info.size > maxBytes) {
    await handle.close();
    throw what ? refusal(rel, what) : tooLarge(rel, info.size, maxBytes);
  }
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function tooLarge(rel: string, size: number, maxBytes: number): WorkspaceFileError {
  return new WorkspaceFileError(`${rel} in the workspace is ${sizeText(size)}, more than the ${sizeText(maxBytes)} Pipewright reads of it`);
}

/**
 * The text of `rel` in the workspace `dir`, or undefined when there is none. Refuses (never
 * waits on) a link leading out of the workspace, a FIFO or a device.
 */
export async function readWorkspaceFile(dir: string, rel: string): Promise<string | undefined> {
  const real = readablePath(dir, rel);
  if (real === undefined) return undefined;
  const handle = await opened(real, rel, constants.O_RDONLY);
  if (!handle) return undefined;
  await checkHandle(handle, rel, false, MAX_READ_BYTES);
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Whether `rel` exists in the workspace, as a link too (a dangling one included). */
export async function workspaceFileExists(dir: string, rel: string): Promise<boolean> {
  return (await lstat(path.join(dir, rel)).catch(() => undefined)) !== undefined;
}

/**
 * Writes `text` to `rel` in the workspace `dir`, creating the folders on the way. Refuses to
 * write through a link (of the file or of a folder on the way), a FIFO, a device or a file
 * with other hard links: each could put Pipewright's text in a file outside the workspace.
 */
export async function writeWorkspaceFile(dir: string, rel: string, text: string): Promise<void> {
  checkFolders(dir, rel);
  await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
  // mkdir made only real folders; a link put in their place since is caught by a second look.
  checkFolders(dir, rel);
  const handle = await opened(path.join(dir, rel), rel, constants.O_WRONLY | constants.O_CREAT);
  if (!handle) throw new WorkspaceFileError(`${rel}: its folder in the workspace is gone`);
  // Checked on the open handle, before anything is truncated.
  await checkHandle(handle, rel, true);
  try {
    await handle.truncate(0);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { AgentFiles } from '../../../nodes/sdk';
import { resolveInside } from './workspace';

/** Folders an agent has no business reading through, and that would flood its listing. */
const SKIPPED = new Set(['.git', 'node_modules', '__pycache__', '.venv']);
/** Larger files are refused: whole, they would crowd everything else out of the model's context. */
export const MAX_READ_BYTES = 256 * 1024;
/** A listing stops here, saying so. */
export const MAX_LISTED = 2000;

function posix(rel: string): string {
  return rel.split(path.sep).join('/');
}

function missing(err: unknown, relPath: string): Error {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Error(`no such file: "${relPath}"`);
  if ((err as NodeJS.ErrnoException).code === 'EISDIR') return new Error(`"${relPath}" is a folder, not a file`);
  return err as Error;
}

// Non-blocking, so opening a FIFO returns at once instead of waiting for a writer that never
// comes; not following a final link, which resolveInside has already resolved. Windows has
// neither flag, and no FIFOs to hang on.
const POSIX_FLAGS = (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
const READ_FLAGS = constants.O_RDONLY | POSIX_FLAGS;
const WRITE_FLAGS = constants.O_WRONLY | constants.O_CREAT | POSIX_FLAGS;

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Refuses what the tools must not go through: anything but a regular file (reading a FIFO
 * would wait forever), and a file with other hard links, which may be a file outside the
 * workspace under a second name.
 */
function checkRegular(info: Stats, relPath: string, verb: 'read' | 'written'): void {
  if (!info.isFile()) {
    throw new Error(`"${relPath}" is ${kindOf(info)}, not a regular file; only regular files can be ${verb}`);
  }
  if (info.nlink > 1) {
    const advice = verb === 'written' ? 'delete it first (that removes only this name) and write the file again' : 'the file tools do not read it';
    throw new Error(`"${relPath}" has ${info.nlink} hard links, so it may be a file outside the workspace under another name; ${advice}`);
  }
}

async function withFile<T>(file: string, flags: number, relPath: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(file, flags, 0o644).catch((err: NodeJS.ErrnoException) => {
    // A FIFO without a reader refuses a non-blocking open for writing.
    if (err.code === 'ENXIO') throw new Error(`"${relPath}" is a named pipe (FIFO), not a regular file; only regular files can be written`);
    if (err.code === 'ELOOP') throw new Error(`"${relPath}" is a symbolic link; give the path of the file itself`);
    throw missing(err, relPath);
  });
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

/**
 * The agent's file tools, every path checked with resolveInside first: absolute paths, `..`
 * and symbolic links that lead out of `root` are refused with a message the model can act on.
 */
export function agentFiles(root: string): AgentFiles {
  return {
    async read(relPath) {
      const file = resolveInside(root, relPath);
      return withFile(file, READ_FLAGS, relPath, async (handle) => {
        const info = await handle.stat();
        if (info.isDirectory()) throw new Error(`"${relPath}" is a folder; use list_files to see what it holds`);
        checkRegular(info, relPath, 'read');
        if (info.size > MAX_READ_BYTES) {
          throw new Error(`"${relPath}" is ${info.size} bytes, more than the ${MAX_READ_BYTES} a read may return`);
        }
        return handle.readFile('utf8');
      });
    },

    async write(relPath, content) {
      const file = resolveInside(root, relPath);
      if (file === resolveInside(root, '.')) throw new Error('give a file path, not the workspace folder itself');
      await mkdir(path.dirname(file), { recursive: true });
      await withFile(file, WRITE_FLAGS, relPath, async (handle) => {
        // Checked on the open handle, before anything is truncated.
        checkRegular(await handle.stat(), relPath, 'written');
        await handle.truncate(0);
        await handle.writeFile(content);
      });
    },

    async list(relPath = '.') {
      const base = resolveInside(root, relPath);
      const realRoot = resolveInside(root, '.');
      const found: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        const entries = await readdir(dir, { withFileTypes: true }).catch((err) => Promise.reject(missing(err, relPath)));
        for (const entry of entries) {
          if (found.length >= MAX_LISTED) return;
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) {
            if (!SKIPPED.has(entry.name)) await walk(full);
          } else {
            // Links are listed, never followed: where they lead is checked when one is opened.
            found.push(posix(path.relative(realRoot, full)));
          }
        }
      };
      await walk(base);
      found.sort();
      if (found.length >= MAX_LISTED) found.push(`… (stopped at ${MAX_LISTED} files; list a subfolder)`);
      return found;
    },

    async remove(relPath) {
      const target = resolveInside(root, relPath);
      if (target === resolveInside(root, '.')) throw new Error('refusing to delete the whole workspace');
      await lstat(target).catch((err) => Promise.reject(missing(err, relPath)));
      await rm(target, { recursive: true, force: true });
    },
  };
}

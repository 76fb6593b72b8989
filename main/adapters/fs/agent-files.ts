import { lstat, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
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

/**
 * The agent's file tools, every path checked with resolveInside first: absolute paths, `..`
 * and symbolic links that lead out of `root` are refused with a message the model can act on.
 */
export function agentFiles(root: string): AgentFiles {
  return {
    async read(relPath) {
      const file = resolveInside(root, relPath);
      const info = await lstat(file).catch((err) => Promise.reject(missing(err, relPath)));
      if (info.isDirectory()) throw new Error(`"${relPath}" is a folder; use list_files to see what it holds`);
      if (info.size > MAX_READ_BYTES) {
        throw new Error(`"${relPath}" is ${info.size} bytes, more than the ${MAX_READ_BYTES} a read may return`);
      }
      return readFile(file, 'utf8');
    },

    async write(relPath, content) {
      const file = resolveInside(root, relPath);
      if (file === resolveInside(root, '.')) throw new Error('give a file path, not the workspace folder itself');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
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

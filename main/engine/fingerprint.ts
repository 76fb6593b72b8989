import { createHash, type Hash } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PortSpec } from '../../nodes/sdk';
import { valueFingerprint } from './cache-key';

/** Folders that are caches or history, not the code a node produced. */
const SKIPPED = new Set(['.git', 'node_modules']);

// Files past this size are streamed so a large artefact does not sit in memory whole.
const STREAM_FROM = 8 * 1024 * 1024;

async function hashFile(h: Hash, path: string): Promise<void> {
  const info = await stat(path);
  h.update(`${info.size}\0`);
  if (info.size < STREAM_FROM) {
    h.update(await readFile(path));
    return;
  }
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
}

async function walk(h: Hash, dir: string, rel: string): Promise<void> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    if (e.isSymbolicLink()) {
      // By target: following links could leave the folder or loop.
      h.update(`L\0${relPath}\0${await readlink(path)}\0`);
    } else if (e.isDirectory()) {
      if (SKIPPED.has(e.name)) continue;
      h.update(`D\0${relPath}\0`);
      await walk(h, path, relPath);
    } else if (e.isFile()) {
      h.update(`F\0${relPath}\0`);
      await hashFile(h, path);
    }
  }
}

/**
 * A hash of a folder's files: relative paths and contents, not times or owners, so touching a
 * file changes nothing and editing one changes the hash. `.git` and `node_modules` are left out.
 */
export async function hashTree(root: string): Promise<string> {
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new Error(`workspace folder ${root} does not exist`);
  }
  if (!info.isDirectory()) throw new Error(`workspace ${root} is not a folder`);
  const h = createHash('sha256');
  await walk(h, root, '');
  return h.digest('hex');
}

/** Fingerprints of a node's declared outputs; a promise only when a workspace must be read. */
export function fingerprintOutputs(
  ports: readonly PortSpec[],
  outputs: Record<string, unknown>,
): Record<string, string> | Promise<Record<string, string>> {
  const fps: Record<string, string> = {};
  let pending: Promise<void>[] | undefined;
  for (const port of ports) {
    const value = outputs[port.name];
    if (port.type === 'workspace') {
      const path = (value as { path: string }).path;
      (pending ??= []).push(
        hashTree(path).then((fp) => {
          fps[port.name] = fp;
        }),
      );
    } else fps[port.name] = valueFingerprint(value);
  }
  return pending ? Promise.all(pending).then(() => fps) : fps;
}

import { lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import dockerignore from '@balena/dockerignore';
import type tarFs from 'tar-fs';
import { loadLater } from '../load-later';

const tar = loadLater<typeof tarFs>('tar-fs');

/** Always sent, whatever .dockerignore says: the engine needs them to build (as `docker build` does). */
const ALWAYS_SENT = new Set(['Dockerfile', '.dockerignore']);

/**
 * The build context of `folder` as a tar stream, filtered by its .dockerignore with Docker's own
 * rules (`**`, `!` exceptions, later lines winning). A folder that is excluded is skipped whole
 * unless an exception may bring something inside it back.
 */
export async function contextTar(folder: string, dockerfile = 'Dockerfile'): Promise<Readable> {
  const text = await readFile(`${folder}/.dockerignore`, 'utf8').catch(() => '');
  const rules = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (rules.length === 0) return tar().pack(folder);
  const matcher = dockerignore({ ignorecase: false }).add(rules);
  const hasExceptions = rules.some((r) => r.startsWith('!'));
  const keep = new Set([...ALWAYS_SENT, dockerfile]);
  return tar().pack(folder, {
    ignore: (abs: string) => {
      const rel = relative(folder, abs).split(sep).join('/');
      if (rel === '' || keep.has(rel)) return false;
      if (!matcher.ignores(rel)) return false;
      // tar-fs asks about folders before their contents; with exceptions, look inside.
      return !(hasExceptions && isDirectoryPath(abs));
    },
  });
}

function isDirectoryPath(abs: string): boolean {
  try {
    // Synchronous: tar-fs's ignore callback cannot wait.
    return lstatSync(abs).isDirectory();
  } catch {
    return false;
  }
}

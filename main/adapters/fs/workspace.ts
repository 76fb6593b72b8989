import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** A path that would reach outside the workspace it was given for. */
export class OutsideWorkspaceError extends Error {
  constructor(
    readonly requested: string,
    reason: string,
  ) {
    super(`path "${requested}" ${reason}; use a path relative to the workspace that stays inside it`);
    this.name = 'OutsideWorkspaceError';
  }
}

/** Symlink hops allowed before giving up, as the kernel does (ELOOP). */
const MAX_LINKS = 40;

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Follows `parts` from the real folder `base` one entry at a time, as the kernel would, and
 * returns where they land. Entries that do not exist yet are appended as they are: nothing below
 * them can be a link. A dangling link is followed too, since creating a file through it would
 * create the file at its target.
 */
function physicalPath(base: string, parts: readonly string[], hops = { n: 0 }): string {
  let current = base;
  for (let i = 0; i < parts.length; i++) {
    const next = path.join(current, parts[i]);
    let info;
    try {
      info = lstatSync(next);
    } catch {
      return path.join(next, ...parts.slice(i + 1));
    }
    if (!info.isSymbolicLink()) {
      current = next;
      continue;
    }
    if (++hops.n > MAX_LINKS) throw new Error(`too many symbolic links under "${next}"`);
    const target = path.resolve(current, readlinkSync(next));
    const { root } = path.parse(target);
    current = physicalPath(root, target.slice(root.length).split(path.sep).filter(Boolean), hops);
  }
  return current;
}

/**
 * The absolute path of `relPath` inside the folder `root`, with every symlink on the way
 * resolved, or an OutsideWorkspaceError when it is absolute, climbs out with `..`, or passes
 * through a symlink that points outside. The check holds for the filesystem as it is now: a
 * link swapped in afterwards is not seen.
 */
export function resolveInside(root: string, relPath: string): string {
  if (relPath.includes('\0')) throw new OutsideWorkspaceError(relPath, 'contains a NUL byte');
  if (path.isAbsolute(relPath) || path.win32.isAbsolute(relPath)) {
    throw new OutsideWorkspaceError(relPath, 'is absolute');
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    throw new Error(`workspace folder "${root}" does not exist; create it before resolving paths in it`);
  }
  const lexical = path.resolve(realRoot, relPath);
  if (!isInside(realRoot, lexical)) {
    throw new OutsideWorkspaceError(relPath, 'leads outside the workspace with ".."');
  }
  const parts = path.relative(realRoot, lexical).split(path.sep).filter(Boolean);
  const real = physicalPath(realRoot, parts);
  if (!isInside(realRoot, real)) {
    throw new OutsideWorkspaceError(relPath, `goes through a symbolic link to "${real}", outside the workspace`);
  }
  return real;
}

/**
 * Makes `folder` exist and be empty. Refuses the filesystem root and the home folder, where a
 * misconfigured path would otherwise erase far more than a workspace.
 */
export async function freshFolder(folder: string): Promise<string> {
  if (!path.isAbsolute(folder)) {
    throw new Error(`freshFolder needs an absolute path, got "${folder}"`);
  }
  const resolved = path.resolve(folder);
  if (resolved === path.parse(resolved).root || resolved === path.resolve(homedir())) {
    throw new Error(`refusing to empty "${resolved}": it is not a workspace folder; check the workspace root setting`);
  }
  const info = await lstat(resolved).catch(() => undefined);
  // A link or file in the way is replaced, never followed: emptying a link's target could
  // reach anywhere.
  if (info && !info.isDirectory()) await rm(resolved, { force: true });
  await mkdir(resolved, { recursive: true });
  const entries = await readdir(resolved);
  await Promise.all(entries.map((e) => rm(path.join(resolved, e), { recursive: true, force: true })));
  return resolved;
}

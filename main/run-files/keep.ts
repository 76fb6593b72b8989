import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What one node's folder output held when the node finished, kept so the UI can show it after
 * later runs have changed or emptied the workspace, and compare it with the previous run.
 */
export interface KeptFile {
  /** Relative to the folder, `/`-separated. */
  path: string;
  size: number;
  /** sha256 of the content; absent when the file was too large to keep. */
  hash?: string;
  /** Why the content was not kept (too large, over the folder's limit). */
  skipped?: string;
}

export interface Manifest {
  files: KeptFile[];
  /** Folders listed but not walked (dependencies, git's own data) and symbolic links. */
  notKept: string[];
  /** Entries left out because the folder had more than the listing limit. */
  omitted: number;
}

export const LIMITS = {
  /** Files listed per folder output. */
  files: 2000,
  /** Bytes of content kept per file. */
  fileBytes: 1024 * 1024,
  /** Bytes of content kept per folder output. */
  totalBytes: 16 * 1024 * 1024,
};

/** Folders a person rarely means to read, and which can hold hundreds of thousands of files. */
const UNWALKED = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', 'target', '.gradle']);

/** One path segment from any id: every character that could climb or separate is escaped. */
export function segment(id: string): string {
  return encodeURIComponent(id).replace(/\./g, '%2E') || '%00';
}

export interface OutputKey {
  projectId: string;
  runId: string;
  nodeId: string;
  port: string;
}

/** `<root>/<project>/<run>/<node>/<port>`: `manifest.json` and the kept `files/`. */
export function keptFolder(root: string, key: OutputKey): string {
  return join(root, segment(key.projectId), segment(key.runId), segment(key.nodeId), segment(key.port));
}

/**
 * Copies what `source` holds into the kept folder of `key`, within LIMITS. Synchronous on
 * purpose: it runs as the node's result is announced, before any downstream node can edit the
 * same folder in place. Symbolic links are listed, never followed, so nothing outside the
 * workspace is read.
 */
export function keepFolder(root: string, key: OutputKey, source: string, limits = LIMITS): Manifest {
  const dest = keptFolder(root, key);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(join(dest, 'files'), { recursive: true });
  const manifest: Manifest = { files: [], notKept: [], omitted: 0 };
  let total = 0;
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(source, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        manifest.notKept.push(child);
      } else if (entry.isDirectory()) {
        if (UNWALKED.has(entry.name)) manifest.notKept.push(`${child}/`);
        // Past the limit a folder is counted, not walked: the listing stays quick whatever the size.
        else if (manifest.files.length >= limits.files) manifest.omitted++;
        else walk(child);
      } else if (entry.isFile()) {
        if (manifest.files.length >= limits.files) {
          manifest.omitted++;
          continue;
        }
        // Opened without following links: a file swapped for a link since the listing is refused.
        let fd;
        try {
          fd = openSync(join(source, child), constants.O_RDONLY | constants.O_NOFOLLOW);
        } catch {
          manifest.notKept.push(child);
          continue;
        }
        try {
          keepFile(fd, child);
        } finally {
          closeSync(fd);
        }
      }
    }
  };
  const keepFile = (fd: number, child: string) => {
    const size = fstatSync(fd).size;
    if (size > limits.fileBytes) {
      manifest.files.push({ path: child, size, skipped: `larger than ${limits.fileBytes / 1024} KiB` });
    } else if (total + size > limits.totalBytes) {
      manifest.files.push({ path: child, size, skipped: `the folder's first ${limits.totalBytes / 1024 / 1024} MiB were kept` });
    } else {
      const content = readFileSync(fd);
      const to = join(dest, 'files', child);
      mkdirSync(join(to, '..'), { recursive: true });
      writeFileSync(to, content);
      total += content.length;
      manifest.files.push({ path: child, size: content.length, hash: createHash('sha256').update(content).digest('hex') });
    }
  };
  if (statSync(source, { throwIfNoEntry: false })?.isDirectory()) walk('');
  writeFileSync(join(dest, 'manifest.json'), JSON.stringify(manifest));
  return manifest;
}

export function readManifest(root: string, key: OutputKey): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(keptFolder(root, key), 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Keeps the files of the `keep` most recent runs of a project (by when they were kept), removes the rest. */
export function pruneRuns(root: string, projectId: string, keep: number): void {
  const dir = join(root, segment(projectId));
  let runs;
  try {
    runs = readdirSync(dir).map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }));
  } catch {
    return;
  }
  runs.sort((a, b) => b.at - a.at);
  for (const old of runs.slice(keep)) rmSync(join(dir, old.name), { recursive: true, force: true });
}

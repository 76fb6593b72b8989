import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutsideWorkspaceError, resolveInside } from '../adapters/fs/workspace';
import { keptFolder, readManifest, type OutputKey } from './keep';

export interface KeptFileContent {
  path: string;
  size: number;
  /** The text, when the file is text. */
  text?: string;
  binary: boolean;
}

/** Bytes looked at to tell text from binary, as git does: a NUL byte means binary. */
const SNIFF_BYTES = 8000;

/**
 * One kept file of a node's folder output. `relPath` must name a file of the listing: an
 * absolute path, a `..` that climbs out or a link leading out is refused with the reason.
 */
export function readKeptFile(root: string, key: OutputKey, relPath: string, redact: (text: string) => string): KeptFileContent {
  const where = `the files node "${key.nodeId}" left in its "${key.port}" output`;
  let full: string;
  try {
    full = resolveInside(join(keptFolder(root, key), 'files'), relPath);
  } catch (err) {
    if (err instanceof OutsideWorkspaceError) throw new Error(`cannot open "${relPath}": it is not among ${where} (use a path from the file list)`, { cause: err });
    throw new Error(`the files of this run of node "${key.nodeId}" were not kept; run the node again to see them`, { cause: err });
  }
  const listed = readManifest(root, key)?.files.find((f) => f.path === relPath);
  if (!listed) throw new Error(`there is no file "${relPath}" among ${where}`);
  if (!listed.hash) throw new Error(`"${relPath}" was not kept (${listed.skipped ?? 'too large'}); open it in the workspace folder`);
  const content = readFileSync(full);
  const binary = content.subarray(0, SNIFF_BYTES).includes(0);
  // A file may hold a secret the node was given: shown redacted, like logs.
  return { path: relPath, size: listed.size, binary, ...(binary ? {} : { text: redact(content.toString('utf8')) }) };
}

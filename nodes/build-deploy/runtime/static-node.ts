import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { NodeError } from '../../sdk';

export interface NodeLookup {
  /** Set inside Electron (process.versions.electron). */
  electron?: string;
  /** The running program (process.execPath). */
  execPath: string;
  /** Where programs are looked for (PATH). */
  path: string | undefined;
  platform: NodeJS.Platform;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The Node that runs the static file server of a site deployed without Docker. Under Node (the
 * CLI, `pipewright serve`) it is the running one. The desktop app's binary cannot act as Node:
 * its runAsNode fuse is off, so ELECTRON_RUN_AS_NODE is ignored. There, Node comes from PATH, as
 * it does for Node apps deployed without Docker.
 */
export function staticServerNode(
  lookup: NodeLookup = { electron: process.versions.electron, execPath: process.execPath, path: process.env.PATH, platform: process.platform },
): string {
  if (!lookup.electron) return lookup.execPath;
  const name = lookup.platform === 'win32' ? 'node.exe' : 'node';
  for (const dir of (lookup.path ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  throw new NodeError(
    'serving this static site without Docker needs Node.js, and there is no node on your PATH (the Pipewright app itself cannot be run as Node)',
    'Install Node.js (nodejs.org) so `node` is on your PATH, or start Docker to serve the site from a container.',
  );
}

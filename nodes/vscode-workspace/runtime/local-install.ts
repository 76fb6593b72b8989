import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { NodeError } from '../../sdk';

/** The code-server release .ci/tools/install-code-server.sh installs (keep the two equal). */
export const CODE_SERVER_VERSION = '4.139.1';

export const INSTALL_HINT =
  'install it with .ci/tools/install-code-server.sh (from the npm registry into ~/.cache/pipewright-tools; needs Node 24, a C++ toolchain and libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev), ' +
  'or install code-server so it is on PATH, or set PIPEWRIGHT_CODE_SERVER to its out/node/entry.js';

export interface CodeServerInstall {
  /** The command line prefix that runs code-server: [node, entry.js] or [code-server]. */
  command: string[];
  /** Where it was found, for the log. */
  where: string;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The folder .ci/tools/install-code-server.sh installs into. */
export function toolsInstallDir(env: NodeJS.ProcessEnv = process.env): string {
  const tools = env.PIPEWRIGHT_TOOLS || join(homedir(), '.cache', 'pipewright-tools');
  return join(tools, 'code-server', CODE_SERVER_VERSION);
}

/**
 * The Node to run an npm-installed code-server with: its native modules were compiled for the
 * Node that installed it (recorded in node-path), so another version would fail to load them.
 */
function nodeFor(installDir: string, env: NodeJS.ProcessEnv): string {
  const recorded = join(installDir, 'node-path');
  if (existsSync(recorded)) {
    const node = readFileSync(recorded, 'utf8').trim();
    if (isFile(node)) return node;
  }
  return onPath('node', env) ?? 'node';
}

function onPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isFile(join(dir, program))) return join(dir, program);
  }
  return undefined;
}

/**
 * Finds code-server: PIPEWRIGHT_CODE_SERVER (an entry.js or an executable), then the tools
 * folder the install script fills, then `code-server` on PATH (a package or the official
 * install). Undefined when there is none.
 */
export function findCodeServer(env: NodeJS.ProcessEnv = process.env): CodeServerInstall | undefined {
  const explicit = env.PIPEWRIGHT_CODE_SERVER?.trim();
  if (explicit) {
    if (!isFile(explicit)) {
      throw new NodeError(`PIPEWRIGHT_CODE_SERVER points at ${explicit}, which is not a file; point it at code-server's out/node/entry.js or its executable, or unset it`);
    }
    if (explicit.endsWith('.js')) {
      const installDir = join(explicit, '..', '..', '..', '..', '..');
      return { command: [nodeFor(installDir, env), explicit], where: explicit };
    }
    return { command: [explicit], where: explicit };
  }
  const dir = toolsInstallDir(env);
  const entry = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (isFile(entry) && existsSync(join(dir, '.installed'))) {
    return { command: [nodeFor(dir, env), entry], where: dir };
  }
  const onPathBin = onPath('code-server', env);
  if (onPathBin) return { command: [onPathBin], where: onPathBin };
  return undefined;
}

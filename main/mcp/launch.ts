import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NodeError, type McpLaunch, type PipewrightApi } from '../../nodes/sdk';

/** What decides how this process can be started again as `pipewright mcp`. */
export interface LaunchEnv {
  /** Set inside Electron (process.versions.electron). */
  electron?: string;
  /** The running program (process.execPath). */
  execPath: string;
  /** Where programs are looked for (PATH). */
  path: string | undefined;
  platform: NodeJS.Platform;
  /** The CLI's entry and what Node needs before it: this module's own sources or build by default. */
  cli: string[];
}

/**
 * The CLI this process can start again: its own sources (through tsx) when it runs from them,
 * else the built out/main/cli.js beside this bundle (or its chunks folder).
 */
function ownCli(): string[] {
  if (__filename.endsWith('.ts')) {
    return ['--import', pathToFileURL(require.resolve('tsx')).href, join(__dirname, '..', 'cli.ts')];
  }
  const dir = [__dirname, join(__dirname, '..')].find((d) => existsSync(join(d, 'cli.js'))) ?? __dirname;
  return [join(dir, 'cli.js')];
}

function currentEnv(): LaunchEnv {
  return { electron: process.versions.electron, execPath: process.execPath, path: process.env.PATH, platform: process.platform, cli: ownCli() };
}

function nodeOnPath(env: LaunchEnv): string | undefined {
  const name = env.platform === 'win32' ? 'node.exe' : 'node';
  for (const dir of (env.path ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      if (statSync(join(dir, name)).isFile()) return join(dir, name);
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * `pipewright mcp --project <id>` over the data folder `home`, as a command line any program on
 * this machine can start from any folder: absolute paths, and PIPEWRIGHT_HOME. Under Node (the
 * CLI, `pipewright serve`) the running Node starts it. The desktop app's binary cannot act as
 * Node (its runAsNode fuse is off), so there Node comes from PATH, and the CLI must be a file
 * of its own, not inside app.asar, which only Electron reads. Throws a NodeError saying what is
 * missing when no command can be given.
 */
export function mcpLaunch(home: string, projectId: string, env: LaunchEnv = currentEnv()): McpLaunch {
  let command = env.execPath;
  if (env.electron) {
    const entry = env.cli[env.cli.length - 1];
    if (entry.includes(`.asar${sep}`) || entry.includes('.asar/')) {
      throw new NodeError(
        "the desktop app cannot start Pipewright's MCP server for the assistant: its command line is inside the app's archive",
        'Install the pipewright command line and run the pipeline with `pipewright run` or `pipewright serve` to give the assistant Pipewright\'s tools.',
      );
    }
    const node = nodeOnPath(env);
    if (!node) {
      throw new NodeError(
        "starting Pipewright's MCP server for the assistant needs Node.js, and there is no node on your PATH (the Pipewright app itself cannot be run as Node)",
        'Install Node.js (nodejs.org) so `node` is on your PATH.',
      );
    }
    command = node;
  }
  return { command, args: [...env.cli, 'mcp', '--project', projectId], env: { PIPEWRIGHT_HOME: home } };
}

/** ctx.pipewright for a run of `projectId` over the data folder `home`. */
export function pipewrightApi(home: string, projectId: string): PipewrightApi {
  return { mcpServer: () => mcpLaunch(home, projectId) };
}

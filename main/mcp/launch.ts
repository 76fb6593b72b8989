import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { McpLaunch, PipewrightApi } from '../../nodes/sdk';

/**
 * The CLI this process can start again: its own sources (through tsx) when it runs from them,
 * else the built out/main/cli.js beside this bundle.
 */
function cliCommand(): string[] {
  if (__filename.endsWith('.ts')) {
    return ['--import', pathToFileURL(require.resolve('tsx')).href, join(__dirname, '..', 'cli.ts')];
  }
  for (const dir of [__dirname, join(__dirname, '..')]) {
    if (existsSync(join(dir, 'cli.js'))) return [join(dir, 'cli.js')];
  }
  return [join(__dirname, 'cli.js')];
}

/**
 * `pipewright mcp --project <id>` over the data folder `home`, as a command line any program on
 * this machine can start: the Node (or Electron, run as Node) this process runs on, absolute
 * paths, and PIPEWRIGHT_HOME, so it works from whatever folder and environment it starts in.
 */
export function mcpLaunch(home: string, projectId: string): McpLaunch {
  return {
    command: process.execPath,
    args: [...cliCommand(), 'mcp', '--project', projectId],
    env: { PIPEWRIGHT_HOME: home, ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}) },
  };
}

/** ctx.pipewright for a run of `projectId` over the data folder `home`. */
export function pipewrightApi(home: string, projectId: string): PipewrightApi {
  return { mcpServer: () => mcpLaunch(home, projectId) };
}

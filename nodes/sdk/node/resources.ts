import { existsSync } from 'node:fs';
import path from 'node:path';
import { NodeError } from '..';

/**
 * A folder of Pipewright's bundled resources (`scaffolds`, `agents`, …): under
 * PIPEWRIGHT_RESOURCES when set, else in the first `resources` folder found walking up from
 * this file (the sources, or the built app next to out/).
 */
export function resourcesFolder(name: string): string {
  if (process.env.PIPEWRIGHT_RESOURCES) return path.join(process.env.PIPEWRIGHT_RESOURCES, name);
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'resources', name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) {
      throw new NodeError(`Pipewright's bundled resources/${name} are missing; reinstall Pipewright, or set PIPEWRIGHT_RESOURCES`);
    }
  }
}

import { existsSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { pinRefusal, type PinnedOutputs } from '../../nodes/sdk';
import { outputProblem } from './attempt';
import { workspacePath } from './context';
import { fingerprintOutputs } from './fingerprint';
import type { CompiledNode } from './graph';
import type { CachedResult, ResultOwner } from './types';

/** Whether `path` is one of the owner's own folders: its main one or a `-name` one beside it. */
function ownFolder(path: string, owner: ResultOwner, root: string): boolean {
  const base = workspacePath(root, owner.projectId, owner.nodeId);
  if (path === base || path.startsWith(base + sep)) return true;
  const sibling = dirname(path) === dirname(base) ? path : undefined;
  return sibling !== undefined && basename(sibling).startsWith(`${basename(base)}-`);
}

/**
 * The result a pinned node hands downstream instead of running: its pinned outputs, checked
 * against its ports as a runtime's would be, and fingerprinted (a folder by its files as they
 * stand) so downstream cache keys follow what they are given. Throws with the reason, in words
 * for the person, when the pin cannot be used.
 *
 * A pinned folder must be the node's own in this project: a pin copied from another node or
 * another project names a folder that belongs to someone else (see the cache's isolation rules),
 * so it is refused rather than shared.
 */
export async function pinnedResult(node: CompiledNode, pin: PinnedOutputs, owner: ResultOwner, root: string): Promise<CachedResult> {
  const refused = pinRefusal(node.def, node.ports, pin.outputs);
  if (refused) throw new Error(`its pinned outputs cannot be used: ${refused}; unpin it`);
  const problem = outputProblem(node.ports.outputs, pin.outputs);
  if (problem) throw new Error(`its pinned outputs do not fit its ports (${problem.replace(/the runtime returned/g, 'the pin holds')}); unpin it and run it`);
  const outputs: Record<string, unknown> = {};
  for (const port of node.ports.outputs) {
    const value = pin.outputs[port.name];
    outputs[port.name] = value;
    if (port.type !== 'workspace' && port.type !== 'repo') continue;
    const path = (value as { path: string }).path;
    if (!ownFolder(path, owner, root)) {
      throw new Error(`its pinned output "${port.name}" names the folder ${path}, which is not this node's own (the pin was copied from another node or project); unpin it and run it`);
    }
    if (!existsSync(path)) throw new Error(`the folder of its pinned output "${port.name}" (${path}) is gone; unpin it and run it`);
  }
  const fps = fingerprintOutputs(node.ports.outputs, outputs);
  return { outputs, outputFingerprints: fps instanceof Promise ? await fps : fps, owner };
}

/** The log line of a node that used its pin, so the run's log says why it did not run. */
export function pinnedLine(pin: PinnedOutputs): string {
  const when = pin.at !== undefined ? ` (pinned ${new Date(pin.at).toISOString().replace('T', ' ').slice(0, 16)} UTC${pin.runId ? `, from run ${pin.runId.slice(0, 8)}` : ''})` : '';
  return `used pinned outputs${when}; the node was not run — unpin it to run it again\n`;
}

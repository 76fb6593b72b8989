import { cp, mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { workspacePath } from './context';
import { hashTree } from './fingerprint';
import type { CompiledNode } from './graph';
import type { CachedResult, ResultOwner } from './types';

function inside(folder: string, path: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** Who made a result, in words for the node's log. */
export function ownerText(owner: ResultOwner | undefined): string {
  if (!owner) return 'an earlier Pipewright version';
  const other = /^@([^/]+)\/(.+)$/.exec(owner.nodeId);
  return other ? `node "${other[2]}" of pipeline "${other[1]}" in project "${owner.projectId}"` : `node "${owner.nodeId}" of project "${owner.projectId}"`;
}

/**
 * The `-name` of a folder the maker made with `ctx.workspace(name)`, so the copy keeps it;
 * undefined for its main folder or a folder it did not make (one it was handed, say).
 */
function folderName(source: string, maker: ResultOwner | undefined, root: string): string | undefined {
  if (!maker) return undefined;
  const base = workspacePath(root, maker.projectId, maker.nodeId);
  const prefix = `${basename(base)}-`;
  const name = basename(source);
  return dirname(source) === dirname(base) && name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
}

/** Where each folder the result names goes: outermost folders only, a folder inside one travels with it. */
function plan(sources: readonly string[], result: CachedResult, owner: ResultOwner, root: string): Map<string, string> {
  const moves = new Map<string, string>();
  const taken = new Set<string>();
  for (const source of [...sources].sort((a, b) => a.length - b.length)) {
    if ([...moves.keys()].some((outer) => inside(outer, source))) continue;
    const name = folderName(source, result.owner, root);
    let dest = workspacePath(root, owner.projectId, owner.nodeId, name);
    for (let n = 2; taken.has(dest); n++) dest = workspacePath(root, owner.projectId, owner.nodeId, `${name ?? 'copy'}-${n}`);
    taken.add(dest);
    moves.set(source, dest);
  }
  for (const [source, dest] of moves) {
    if (source === dest) continue;
    for (const other of sources) {
      if (inside(dest, other) || inside(other, dest)) {
        throw new Error(`its folder ${other} overlaps this node's own folder ${dest}`);
      }
    }
  }
  return moves;
}

/**
 * Another owner's result made this node's own: every folder its workspace and repo outputs name
 * is copied into the node's workspace folder, and the outputs point at the copies. Downstream
 * nodes edit workspaces in place, so sharing the folder would let one project change another.
 * The fingerprints stay, since the content is the same, and that is checked: a folder that no
 * longer matches its fingerprint (a later node of its owner edited it) is refused. Throws with
 * the reason when the result cannot be copied; the caller then runs the node.
 */
export async function copyResult(
  node: CompiledNode,
  result: CachedResult,
  owner: ResultOwner,
  root: string,
  signal: AbortSignal,
): Promise<CachedResult> {
  const ports = node.ports.outputs.filter((p) => p.type === 'workspace' || p.type === 'repo');
  const paths = ports.map((p) => (result.outputs[p.name] as { path: string }).path);
  const moves = plan(paths, result, owner, root);
  const made: string[] = [];
  try {
    for (const [source, dest] of moves) {
      signal.throwIfAborted();
      if (source === dest) continue; // already this node's folder (a result from before owners)
      await rm(dest, { recursive: true, force: true });
      await mkdir(dirname(dest), { recursive: true });
      made.push(dest);
      // Links are copied as they are: rewriting them could point them anywhere.
      await cp(source, dest, { recursive: true, verbatimSymlinks: true });
    }
    const outputs = { ...result.outputs };
    for (const [k, port] of ports.entries()) {
      const [outer, dest] = [...moves].find(([source]) => inside(source, paths[k]))!;
      const path = outer === paths[k] ? dest : join(dest, relative(outer, paths[k]));
      outputs[port.name] = { ...(result.outputs[port.name] as object), path };
      if (port.type !== 'workspace') continue;
      if ((await hashTree(path)) !== result.outputFingerprints[port.name]) {
        throw new Error(`the folder of output "${port.name}" has changed since it was made (a later node edits it in place)`);
      }
    }
    signal.throwIfAborted();
    return { outputs, outputFingerprints: result.outputFingerprints, owner };
  } catch (err) {
    await Promise.all(made.map((dest) => rm(dest, { recursive: true, force: true }).catch(() => undefined)));
    throw err;
  }
}

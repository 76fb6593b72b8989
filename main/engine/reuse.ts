import { existsSync } from 'node:fs';
import { cacheKeyInput, cacheKeyPrefix, sha256, valueFingerprint } from './cache-key';
import type { CompiledNode } from './graph';
import type { CachedResult, PriorResults, ResultCache, ResultOwner } from './types';

/**
 * What a node's result depends on: kind, version, params and each connected input's recorded
 * fingerprint; for a pipeline-input node also the run input it hands on, and for a
 * sub-pipeline the document it runs.
 */
export function nodeCacheKey(
  node: CompiledNode,
  results: readonly (CachedResult | undefined)[],
  pipelineInputs: Readonly<Record<string, unknown>>,
): string {
  // Params are fixed once compiled: their canonical text is made once, not on every run.
  let text = (node.keyPrefix ??= cacheKeyPrefix(node.def.kind, node.def.version, node.params));
  for (const w of node.wires) text += cacheKeyInput(w.port, results[w.from]!.outputFingerprints[w.fromPort] ?? '?');
  if (node.def.role === 'pipeline-input') text += `input=${valueFingerprint(pipelineInputs[String(node.params.name)])}`;
  else if (node.childKey) text += `doc=${node.childKey}`;
  return sha256(text);
}

/** A stored result is usable when it has every output's fingerprint and its folders still exist. */
export function usable(node: CompiledNode, result: CachedResult): boolean {
  for (const port of node.ports.outputs) if (result.outputFingerprints[port.name] === undefined) return false;
  for (const name of node.workspaceOutputs) {
    const path = (result.outputs[name] as { path?: unknown } | undefined)?.path;
    if (typeof path !== 'string' || !existsSync(path)) return false;
  }
  return true;
}

/**
 * A stored result the node may use instead of running: `owner`'s own when there is one. A
 * prior attempt of this run comes first and wins even over `cache: false` and a forced node:
 * that work was done in this run, by this node.
 */
export function findReusable(
  node: CompiledNode,
  /** The node's id in the run (a prior attempt's results are kept by it). */
  nodeId: string,
  owner: ResultOwner,
  key: string,
  forced: boolean,
  prior: PriorResults | undefined,
  cache: ResultCache,
  /** A cache that cannot be read costs a re-run, not a failure. */
  onCacheError: (err: unknown) => void,
): CachedResult | undefined {
  const earlier = prior?.get(nodeId);
  if (earlier && earlier.cacheKey === key && usable(node, earlier)) return { ...earlier, owner };
  if (forced || !node.def.cache) return undefined;
  let hit: CachedResult | undefined;
  try {
    hit = cache.get(key, owner);
  } catch (err) {
    onCacheError(err);
    return undefined;
  }
  if (!hit || !usable(node, hit)) return undefined;
  // This node's folders hold what it made last: after A, then B, A's stored result names a folder
  // that now holds B's files. Only the result made last may be used there as it is.
  if (node.workspaceOutputs.length && sameOwner(hit.owner, owner)) {
    const last = cache.lastMade?.(owner);
    if (last !== undefined && last !== key) return undefined;
  }
  return hit;
}

function sameOwner(a: ResultOwner | undefined, b: ResultOwner): boolean {
  return a !== undefined && a.nodeId === b.nodeId && a.projectId === b.projectId;
}

/**
 * How a node may use a stored result: as it is ('use'), as a copy in its own folders ('copy'),
 * or not at all ('run'). Only outputs that name a place (a folder, a repository, a service)
 * tie a result to its owner; anything else is the same value whoever made it.
 */
export function reuseMode(node: CompiledNode, result: CachedResult, owner: ResultOwner): 'use' | 'copy' | 'run' {
  if (sameOwner(result.owner, owner)) return 'use';
  let mode: 'use' | 'copy' = 'use';
  for (const port of node.ports.outputs) {
    // A service runs once per owner: its container, port and state cannot be copied.
    if (port.type === 'service') return 'run';
    if (port.type === 'workspace' || port.type === 'repo') mode = 'copy';
  }
  return mode;
}

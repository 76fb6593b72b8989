import { hash } from 'node:crypto';
import { canonicalJson } from '../../nodes/sdk';

export { canonicalJson };

export function sha256(text: string): string {
  return hash('sha256', text);
}

/** The fingerprint of a value that is not a workspace: a hash of its canonical JSON. */
export function valueFingerprint(value: unknown): string {
  return sha256(canonicalJson(value));
}

/** The part of a cache key that a compiled node fixes: kind, version and params. */
export function cacheKeyPrefix(kind: string, version: number, params: Record<string, unknown>): string {
  return `${kind}\n${version}\n${canonicalJson(params)}\n`;
}

/** One connected input's line of a cache key. */
export function cacheKeyInput(port: string, fingerprint: string): string {
  return `${JSON.stringify(port)}=${fingerprint}\n`;
}

/**
 * What a node's result depends on: kind, version, params and the fingerprint of each connected
 * input (engine settings such as retries sit outside params: they change how, not what). `inputs` must come in a stable order.
 */
export function cacheKey(
  kind: string,
  version: number,
  params: Record<string, unknown>,
  inputs: ReadonlyArray<readonly [port: string, fingerprint: string]>,
  extra = '',
): string {
  let text = cacheKeyPrefix(kind, version, params);
  for (const [port, fp] of inputs) text += cacheKeyInput(port, fp);
  return sha256(text + extra);
}

import { hash } from 'node:crypto';
import { CommonParams, canonicalJson } from '../../nodes/sdk';

export { canonicalJson };

export function sha256(text: string): string {
  return hash('sha256', text);
}

/** The fingerprint of a value that is not a workspace: a hash of its canonical JSON. */
export function valueFingerprint(value: unknown): string {
  return sha256(canonicalJson(value));
}

// Retries and timeout change how a node is run, not what it produces.
const ENGINE_PARAMS = new Set(Object.keys(CommonParams.shape));

function resultParams(params: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const k of ENGINE_PARAMS) {
    if (params[k] === undefined) continue;
    copy ??= { ...params };
    delete copy[k];
  }
  return copy ?? params;
}

/**
 * What a node's result depends on: kind, version, params (without retries and timeout) and
 * the fingerprint of each connected input. `inputs` must come in a stable order.
 */
export function cacheKey(
  kind: string,
  version: number,
  params: Record<string, unknown>,
  inputs: ReadonlyArray<readonly [port: string, fingerprint: string]>,
  extra = '',
): string {
  let text = `${kind}\n${version}\n${canonicalJson(resultParams(params))}\n`;
  for (const [port, fp] of inputs) text += `${JSON.stringify(port)}=${fp}\n`;
  return sha256(text + extra);
}

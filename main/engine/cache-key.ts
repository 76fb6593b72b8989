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
  let text = `${kind}\n${version}\n${canonicalJson(params)}\n`;
  for (const [port, fp] of inputs) text += `${JSON.stringify(port)}=${fp}\n`;
  return sha256(text + extra);
}

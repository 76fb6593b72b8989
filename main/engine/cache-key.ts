import { hash } from 'node:crypto';
import { CommonParams } from '../../nodes/sdk';

/**
 * JSON with object keys sorted, so equal values always give equal text. Keys holding
 * `undefined` are left out, as JSON.stringify does; a top-level `undefined` is `undefined`.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return write(value);
}

function write(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'bigint') return `${value}n`;
    return 'null';
  }
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value));
  if (Array.isArray(value)) {
    let s = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) s += ',';
      const v = value[i];
      s += v === undefined || typeof v === 'function' ? 'null' : write(v);
    }
    return `${s}]`;
  }
  const keys = Object.keys(value).sort();
  let s = '{';
  let first = true;
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function') continue;
    s += `${first ? '' : ','}${JSON.stringify(k)}:${write(v)}`;
    first = false;
  }
  return `${s}}`;
}

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

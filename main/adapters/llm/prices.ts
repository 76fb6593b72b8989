import { isIP } from 'node:net';
import bundled from '../../../resources/prices.json';

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

export const BUNDLED_PRICES: PriceTable = bundled.models;

/** Whether `baseUrl` points at this machine or the local network, where models cost nothing. */
export function isLocalEndpoint(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host === 'host.docker.internal') {
    return true;
  }
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 127 || a === 10 || a === 0 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254);
  }
  if (isIP(host) === 6) return host === '::1' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80');
  return false;
}

/** The table entry for `model`: exact, without a provider prefix, or the longest `entry-…` prefix. */
export function priceOf(table: PriceTable, model: string): ModelPrice | undefined {
  const name = model.toLowerCase();
  const candidates = [name, name.slice(name.lastIndexOf('/') + 1)];
  for (const c of candidates) if (Object.hasOwn(table, c)) return table[c];
  const bare = candidates[1];
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (bare.startsWith(`${key}-`) && (!best || key.length > best.length)) best = key;
  }
  return best ? table[best] : undefined;
}

/**
 * The price of a model at an endpoint: the table's when it names the model, 0 for any other
 * model served locally, undefined (unknown) for other hosted models.
 */
export function priceAt(table: PriceTable, baseUrl: string, model: string): ModelPrice | undefined {
  return priceOf(table, model) ?? (isLocalEndpoint(baseUrl) ? { input: 0, output: 0 } : undefined);
}

export function costOf(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}

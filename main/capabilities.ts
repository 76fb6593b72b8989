import type { CapabilityFactory, Capabilities } from '../nodes/sdk';
import type { Store } from './store';

export interface CapabilityDeps {
  home: string;
  store: Store;
}

/**
 * The real adapters behind ctx.docker, ctx.git, ctx.llm, ctx.secrets and ctx.services, made
 * once per host; each node attempt gets them scoped to itself (labels, logs, cancellation).
 * Each layer adds its entry here as its adapter lands.
 */
export function hostCapabilities(_deps: CapabilityDeps): CapabilityFactory {
  return (_scope): Partial<Capabilities> => ({});
}

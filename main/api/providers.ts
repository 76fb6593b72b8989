import type { ServiceInfo } from '../../preload/contract';

/**
 * Where secret values live. The encrypted secrets store plugs in here; until then the UI is told
 * secrets are unavailable rather than given somewhere unsafe to type them.
 */
export interface SecretsProvider {
  names(): string[];
  set(name: string, value: string): void;
  delete(name: string): boolean;
}

/** Long-lived containers of a project, read from Docker itself so the list survives restarts. */
export interface ServicesProvider {
  list(projectId?: string): Promise<ServiceInfo[]>;
  stop(id: string): Promise<void>;
  logs(id: string, tail: number): Promise<string>;
}

export const NO_SECRETS_REASON =
  'this build has no encrypted secret storage yet; secrets can be set once it is installed';
export const NO_SERVICES_REASON =
  'services are listed from Docker, and this build has no Docker adapter yet';

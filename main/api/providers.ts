import type { ServiceList } from '../../preload/contract';

/** Where secret values live: the host's encrypted store by default. */
export interface SecretsProvider {
  names(): string[];
  set(name: string, value: string): void;
  delete(name: string): boolean;
}

/** Long-lived containers of a project, read from Docker itself so the list survives restarts. */
export interface ServicesProvider {
  /** Never throws for a missing engine: the list says why Docker's services are missing. */
  list(projectId?: string): Promise<ServiceList>;
  stop(id: string): Promise<void>;
  logs(id: string, tail: number): Promise<string>;
}

import type { DockerApi } from './docker-api';
import type { GitApi } from './git-api';
import type { LlmApi } from './llm-api';
import type { PipewrightApi } from './pipewright-api';
import type { SecretsApi } from './secrets-api';
import type { ServicesApi } from './services-api';
import type { LogStream, NodeProgress } from './run-context';

/**
 * The outside world as a node sees it, beyond ptys and folders. Each is an interface here
 * (isomorphic, types only) and an adapter in main/adapters; the host hands real ones in.
 */
export interface Capabilities {
  docker: DockerApi;
  git: GitApi;
  llm: LlmApi;
  secrets: SecretsApi;
  services: ServicesApi;
  pipewright: PipewrightApi;
}

/** Who is asking: capabilities label what they create and log where the node logs. */
export interface CapabilityScope {
  runId: string;
  projectId: string;
  nodeId: string;
  /**
   * The node as the owner of places (folders, services): its id in the project's main pipeline,
   * `@<pipeline>/<id>` in another pipeline of the project. Absent: the node id.
   */
  placeId?: string;
  signal: AbortSignal;
  log(chunk: string, stream?: LogStream): void;
  /** How far the node's current step has got (a build's steps, a pull's bytes). */
  progress?(progress: NodeProgress): void;
}

/** Made once per node attempt by the host; a capability left out is reported as unavailable. */
export type CapabilityFactory = (scope: CapabilityScope) => Partial<Capabilities>;

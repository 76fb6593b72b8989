export { DEFAULT_ENGINE, DockerClient, type DockerClientOptions, type ManagedContainer } from './client';
export type { EngineAddress } from './connection';
export { LABEL, containerName, imageTag } from './labels';
export { SANDBOX_LIMITS, SERVICE_LIMITS } from './hardening';

export { DockerClient, type DockerClientOptions, type ManagedContainer } from './client';
export { LABEL, containerName, imageTag } from './labels';
export { SANDBOX_LIMITS, SERVICE_LIMITS } from './hardening';

/**
 * The name of the engine docker.host (or DOCKER_HOST, or the local socket) points at; named
 * engines come from settings. Apart from the client so that code listing services can name it
 * without loading dockerode.
 */
export const DEFAULT_ENGINE = 'default';

import { DockerClient } from './adapters/docker';
import { baseImage, dockerEngines, dockerHost, projectEngine, type SettingsReader } from './settings-keys';

/** The host's Docker engines, following the docker.* and images.* settings as they change. */
export function dockerClientFor(settings: SettingsReader): DockerClient {
  return new DockerClient({
    host: () => dockerHost(settings),
    image: (kind) => baseImage(kind, settings),
    engines: () => dockerEngines(settings),
    projectEngine: (projectId) => projectEngine(settings, projectId),
  });
}

import { DockerClient } from './adapters/docker';
import { baseImage, dockerHost, type SettingsReader } from './settings-keys';

/** The host's Docker client, following the docker.host and images.* settings as they change. */
export function dockerClientFor(settings: SettingsReader): DockerClient {
  return new DockerClient({ host: () => dockerHost(settings), image: (kind) => baseImage(kind, settings) });
}

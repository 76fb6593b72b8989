import type { ServiceOptions } from '../../sdk';
import { MASTER_KEY_ENV } from './config';
import type { RouterParams } from './params';

/** Where LiteLLM listens inside the container (its default). */
export const LITELLM_PORT = 4000;
/** Where config.yaml is bound in (the image's working folder, as LiteLLM's docs show it). */
export const CONFIG_TARGET = '/app/config.yaml';

export interface RouterSecrets {
  masterKey: { name: string; value: string };
  /** Upstream keys: the variable, and the secret it holds. */
  upstream: { env: string; name: string; value: string }[];
}

/**
 * The LiteLLM container: config.yaml bound in read-only, keys in its environment only, on the
 * service network (so it reaches model servers by container name), ready on /health/readiness.
 */
export function routerContainer(options: {
  name: string;
  image: string;
  configFile: string;
  params: RouterParams;
  secrets: RouterSecrets;
}): ServiceOptions {
  const { params, secrets } = options;
  // The model price list ships in the image: no download from GitHub at every start.
  const env: Record<string, string> = { LITELLM_LOCAL_MODEL_COST_MAP: 'True', [MASTER_KEY_ENV]: secrets.masterKey.value };
  for (const k of secrets.upstream) env[k.env] = k.value;
  return {
    name: options.name,
    image: options.image,
    containerPort: LITELLM_PORT,
    hostPort: params.port,
    command: ['--config', CONFIG_TARGET, '--port', String(LITELLM_PORT)],
    env,
    mounts: [{ source: options.configFile, target: CONFIG_TARGET, readOnly: true }],
    // A Python proxy with its providers loaded: more than the 1 GiB apps get.
    limits: { memoryBytes: 2 * 1024 ** 3 },
    healthPath: '/health/readiness',
    healthTimeoutMs: params.startTimeoutMs,
    streamLogs: true,
    redact: [secrets.masterKey, ...secrets.upstream.map(({ name, value }) => ({ name, value }))],
    serviceNetwork: true,
    keep: params.keep,
  };
}

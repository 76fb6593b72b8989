import type { RouterParams } from './params';
import type { Route } from './routes';
import { toYaml } from '../../sdk/node/yaml';

/** The variable LiteLLM reads its master key from (general_settings.master_key names it). */
export const MASTER_KEY_ENV = 'LITELLM_MASTER_KEY';

/** A route as the router's container reaches it. */
export interface DeploymentRoute extends Route {
  /** The endpoint's base URL from inside the router's container. */
  apiBase: string;
  /** The variable holding the endpoint's key (the value is in the container's environment). */
  keyEnv?: string;
}

/**
 * The variable each distinct key secret gets, in the order the routes name them. The config
 * refers to keys as os.environ/VAR, so config.yaml never holds a key.
 */
export function keyVariables(routes: Route[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const r of routes) {
    const secret = r.endpoint.apiKeySecret;
    if (secret && !vars.has(secret)) vars.set(secret, `PIPEWRIGHT_UPSTREAM_KEY_${vars.size + 1}`);
  }
  return vars;
}

/** LiteLLM's config.yaml: one model_list entry per route, router_settings, the master key by reference. */
export function routerConfig(nodeId: string, routes: DeploymentRoute[], params: Pick<RouterParams, 'retries' | 'fallbacks'>): string {
  const fallbacks = Object.entries(params.fallbacks ?? {}).map(([alias, list]) => ({ [alias]: list }));
  return toYaml(
    {
      model_list: routes.map((r) => ({
        model_name: r.alias,
        litellm_params: {
          // openai/: LiteLLM speaks the OpenAI API to api_base, which every endpoint here serves.
          model: `openai/${r.endpoint.model}`,
          api_base: r.apiBase,
          // A server without a key ignores it; LiteLLM's OpenAI client insists on one.
          api_key: r.keyEnv ? `os.environ/${r.keyEnv}` : 'no-key',
        },
      })),
      router_settings: {
        routing_strategy: 'simple-shuffle',
        num_retries: params.retries,
        ...(fallbacks.length ? { fallbacks } : {}),
      },
      general_settings: { master_key: `os.environ/${MASTER_KEY_ENV}` },
    },
    `LiteLLM proxy configuration written by Pipewright for node "${nodeId}".\nKeys are read from the container's environment (os.environ/…): none is written here.`,
  );
}

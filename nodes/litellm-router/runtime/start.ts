import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeError, type EndpointValue, type RunContext } from '../../sdk';
import { keyVariables, routerConfig, type DeploymentRoute } from './config';
import { routerContainer, type RouterSecrets } from './container';
import type { RouterParams } from './params';
import { routing } from './routes';

/** LiteLLM's quick-start key: anyone knows it, and newer LiteLLM refuses to start with it. */
const WELL_KNOWN_KEY = 'sk-1234';

async function masterKey(ctx: RunContext, name: string): Promise<string> {
  let value: string;
  try {
    value = await ctx.secrets.get(name);
  } catch (err) {
    throw new NodeError(`param "masterKeySecret": ${(err as Error).message}`);
  }
  if (!value.startsWith('sk-') || value === WELL_KNOWN_KEY) {
    throw new NodeError(
      `param "masterKeySecret": LiteLLM needs a master key that starts with sk- and is not its well-known example; set the secret "${name}" to sk- followed by a random string (for example: printf "sk-%s" "$(openssl rand -hex 24)" | pipewright secret set ${name})`,
    );
  }
  return value;
}

/** Starts (or reuses) the LiteLLM proxy routing each alias to an endpoint wired in. */
export async function startRouter(ctx: RunContext, params: RouterParams, inputs: Record<string, unknown>): Promise<EndpointValue> {
  const { routes, defaultModel, unused } = routing(params, inputs);
  for (const input of unused) ctx.log(`note: ${input} is connected but no alias routes to it; add one in param "aliases"\n`, 'info');
  const engine = await ctx.docker.available();
  if (!engine.ok) throw new NodeError(`LiteLLM runs in Docker, but ${engine.reason}`);

  const vars = keyVariables(routes);
  const secrets: RouterSecrets = { masterKey: { name: params.masterKeySecret, value: await masterKey(ctx, params.masterKeySecret) }, upstream: [] };
  for (const [name, env] of vars) {
    try {
      secrets.upstream.push({ env, name, value: await ctx.secrets.get(name) });
    } catch (err) {
      throw new NodeError(`an endpoint wired into this router names the key secret "${name}": ${(err as Error).message}`);
    }
  }

  const deployments: DeploymentRoute[] = [];
  for (const r of routes) {
    const inside = await ctx.docker.urlFromServices(r.endpoint.baseUrl);
    if (inside.note) ctx.log(`note: ${inside.note}\n`, 'info');
    const keyEnv = r.endpoint.apiKeySecret ? vars.get(r.endpoint.apiKeySecret) : undefined;
    deployments.push({ ...r, apiBase: inside.url, ...(keyEnv ? { keyEnv } : {}) });
    ctx.log(`"${r.alias}" → ${r.endpoint.model} at ${inside.url}${inside.url === r.endpoint.baseUrl ? '' : ` (${r.endpoint.baseUrl} on this machine)`}, from ${r.input}\n`, 'info');
  }

  // Readable by the container's user whoever it is; it holds no key, only references to them.
  const configFile = join(await ctx.workspace('litellm'), 'config.yaml');
  await writeFile(configFile, routerConfig(ctx.nodeId, deployments, params));
  await chmod(configFile, 0o644);

  const image = params.image?.trim() || ctx.docker.defaultImage('litellm');
  const service = await ctx.docker.runService({
    ...routerContainer({ name: ctx.nodeId, image, configFile, params, secrets }),
    signal: ctx.signal,
  });
  const baseUrl = `${service.url}/v1`;
  ctx.log(`LiteLLM ${service.reused ? 'was already routing' : 'routes'} ${routes.map((r) => `"${r.alias}"`).join(', ')} at ${baseUrl}; clients send the key in the secret "${params.masterKeySecret}"\n`, 'info');
  return { baseUrl, model: defaultModel, apiKeySecret: params.masterKeySecret };
}

import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { defineRuntime, NodeError, type ServiceValue, type WorkspaceValue } from '../sdk';
import { composeDeployDefinition } from './definition';

/**
 * The compose file the `file` param names, refused when it lies outside the workspace (`..`, an
 * absolute path, a link out): a template imported from elsewhere names a file of its own app only.
 */
function composeFileIn(dir: string, name: string): string {
  const file = join(dir, name);
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const rel = relative(real(dir), real(file));
  if (isAbsolute(name) || rel.startsWith('..') || isAbsolute(rel)) {
    throw new NodeError(`param file names ${JSON.stringify(name)}, which is outside the workspace`, 'Name the compose file by its path inside the workspace (compose.yaml, deploy/compose.yaml).');
  }
  return file;
}

export const composeDeployRuntime = defineRuntime(composeDeployDefinition, async ({ inputs, params, ctx }) => {
  const dir = (inputs.workspace as WorkspaceValue).path;
  const file = composeFileIn(dir, params.file);
  const engine = await ctx.docker.available();
  if (!engine.ok) throw new NodeError(`compose-deploy needs Docker, but ${engine.reason}`);
  const env: Record<string, string> = {};
  if (params.secret) {
    if (!(await ctx.secrets.has(params.secret))) {
      throw new NodeError(`param secret names "${params.secret}", which is not set`, `Set it (pipewright secret set ${params.secret}, or Settings → Secrets) and run again.`);
    }
    env[params.secretVariable] = await ctx.secrets.get(params.secret);
  }
  const postgres = ctx.docker.defaultImage('postgres');
  // The iac node's compose.yaml names its database image through POSTGRES_IMAGE; other files name it outright.
  env.POSTGRES_IMAGE = postgres;
  const declared = composeDeployDefinition.images?.find((i) => i.name === 'postgres')?.default;
  const stack = await ctx.docker.composeUp({
    file,
    name: ctx.nodeId,
    images: postgres === declared ? {} : { postgres },
    env,
    app: { service: params.app, path: params.healthPath },
    healthTimeoutMs: params.healthTimeoutMs,
    keep: params.keep,
    target: params.target,
    publishMode: params.publishMode,
    replicas: params.replicas,
    signal: ctx.signal,
  });
  const [app] = stack.services;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  ctx.log(
    `stack ${stack.project} up with ${stack.cli}: ${stack.services.map((x) => `${x.service} ${x.health}${x.url ? ` at ${x.url}` : ''}`).join(', ')}; up ${s(stack.upMs)}, healthy ${s(stack.healthyMs)}${stack.reused ? ' (stack reused)' : ''}\n`,
  );
  const service: ServiceValue = { url: app.url!, name: app.containerName, containerId: app.containerId, image: app.image };
  return {
    service,
    services: stack.services.map((x) => ({ service: x.service, url: x.url ?? null, container: x.containerName, containerId: x.containerId, image: x.image, health: x.health })),
  };
});

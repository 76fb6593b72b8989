import { join } from 'node:path';
import { defineRuntime, NodeError, type ServiceValue, type WorkspaceValue } from '../sdk';
import { composeDeployDefinition } from './definition';

export const composeDeployRuntime = defineRuntime(composeDeployDefinition, async ({ inputs, params, ctx }) => {
  const dir = (inputs.workspace as WorkspaceValue).path;
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
    file: join(dir, params.file),
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

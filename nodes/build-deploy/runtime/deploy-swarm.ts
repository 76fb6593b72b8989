import type { DockerApi, RunContext, ServiceValue } from '../../sdk';
import { buildApp, timingLine } from './deploy-docker';
import type { DeployParams } from './params';

/**
 * The swarm target: the image built on the manager's engine, deployed as a Swarm service with
 * `replicas` copies; its URL is the first replica's (host mode) or the routing mesh's.
 */
export async function deployToSwarm(ctx: RunContext, docker: DockerApi, dir: string, params: DeployParams): Promise<ServiceValue> {
  const began = Date.now();
  const { image, buildMs, containerPort } = await buildApp(ctx, docker, dir, params);
  const service = await docker.deploySwarm({
    name: ctx.nodeId,
    image: image.tag,
    containerPort,
    publishedPort: params.port,
    publishMode: params.publishMode,
    replicas: params.replicas,
    env: params.env,
    healthPath: params.healthPath,
    healthTimeoutMs: params.healthTimeoutMs,
    keep: params.keep,
    signal: ctx.signal,
  });
  ctx.log(timingLine({ totalMs: Date.now() - began, buildMs, startMs: 0, healthyMs: service.healthyMs, reused: service.reused }), 'info');
  const where = service.replicas.map((r) => `${r.node}: ${r.url ?? r.state}`).join(', ');
  ctx.log(`${service.url} (${service.replicas.length} replicas: ${where})\n`, 'info');
  return { url: service.url, name: service.serviceName, containerId: service.serviceId, image: image.tag };
}

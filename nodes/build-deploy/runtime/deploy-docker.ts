import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunContext, ServiceValue } from '../../sdk';
import type { DeployParams } from './params';
import { detectStack, type Stack } from './detect-stack';
import { DOCKERIGNORE, dockerfileFor } from './dockerfile';

/** The port assumed for a Dockerfile that EXPOSEs none: the app is told it in PORT. */
const FALLBACK_PORT = 8080;

export interface Timings {
  buildMs: number;
  startMs: number;
  healthyMs: number;
}

/** One line the log ends with, in a fixed shape (bench/deploy reads it back). */
export function timingLine(t: Timings & { totalMs: number; reused: boolean }): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `deployed in ${s(t.totalMs)}: build ${s(t.buildMs)}, start ${s(t.startMs)}, healthy ${s(t.healthyMs)}${t.reused ? ' (container reused)' : ''}\n`;
}

/**
 * Writes a Dockerfile (and a .dockerignore) for the detected stack when the workspace has none.
 * An existing Dockerfile is never touched: it is the person's.
 */
export async function ensureDockerfile(ctx: RunContext, dir: string, baseImage: string | undefined): Promise<Stack | undefined> {
  if (existsSync(join(dir, 'Dockerfile'))) {
    ctx.log('using the Dockerfile in the workspace\n', 'info');
    return undefined;
  }
  const stack = detectStack(dir);
  const image = baseImage?.trim() || ctx.docker.defaultImage(stack.kind);
  await writeFile(join(dir, 'Dockerfile'), dockerfileFor(stack, image));
  const wrote = ['Dockerfile'];
  if (!existsSync(join(dir, '.dockerignore'))) {
    await writeFile(join(dir, '.dockerignore'), DOCKERIGNORE);
    wrote.push('.dockerignore');
  }
  ctx.log(`found a ${stack.kind} app (${stack.evidence}); wrote ${wrote.join(' and ')} into the workspace, based on ${image}\n`, 'info');
  return stack;
}

export async function deployWithDocker(ctx: RunContext, dir: string, params: DeployParams): Promise<ServiceValue> {
  const began = Date.now();
  const stack = await ensureDockerfile(ctx, dir, params.baseImage);
  const buildStart = Date.now();
  const image = await ctx.docker.build({ context: dir, signal: ctx.signal });
  const buildMs = Date.now() - buildStart;
  let containerPort = stack?.port ?? image.exposedPorts[0];
  if (containerPort === undefined) {
    containerPort = FALLBACK_PORT;
    ctx.log(`the Dockerfile EXPOSEs no port: expecting the app on $PORT (${FALLBACK_PORT})\n`, 'info');
  }
  const service = await ctx.docker.runService({
    name: ctx.nodeId,
    image: image.tag,
    containerPort,
    hostPort: params.port,
    env: params.env,
    healthPath: params.healthPath,
    healthTimeoutMs: params.healthTimeoutMs,
    keep: params.keep,
    signal: ctx.signal,
  });
  ctx.log(
    timingLine({ totalMs: Date.now() - began, buildMs, startMs: service.startMs, healthyMs: service.healthyMs, reused: service.reused }),
    'info',
  );
  ctx.log(`${service.url}${params.healthPath === '/' ? '' : ` (health: ${params.healthPath})`}\n`, 'info');
  return { url: service.url, name: service.containerName, containerId: service.containerId, image: image.tag };
}

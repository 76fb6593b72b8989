import type { DockerApi, RunContext, ServiceValue } from '../../sdk';
import type { DeployParams } from './params';
import { detectStack, type Stack } from './detect-stack';
import { DOCKERIGNORE, dockerfileAuthor, dockerfileFor, GENERATED_MARKER } from './dockerfile';
import { readWorkspaceFile, workspaceFileExists, writeWorkspaceFile } from '../../sdk/node/workspace-file';

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
 * Writes the Dockerfile (and a .dockerignore when there is none) for the detected stack, unless
 * the workspace has a Dockerfile of the person's own: one whose first line is not Pipewright's
 * marker. A Dockerfile Pipewright wrote is written anew, so a changed base image takes effect.
 */
export async function ensureDockerfile(ctx: RunContext, dir: string, baseImage: string | undefined, docker: DockerApi = ctx.docker): Promise<Stack | undefined> {
  // Generated code may have left a link, a FIFO or a hard link here: refused, never written through.
  const existing = await readWorkspaceFile(dir, 'Dockerfile');
  if (existing !== undefined) {
    const author = dockerfileAuthor(existing);
    if (author !== 'pipewright') {
      const why =
        author === 'earlier-pipewright'
          ? 'an earlier Pipewright wrote it and promised to leave it as it is; delete it to have it written for the current settings'
          : `its first line is not "${GENERATED_MARKER}"`;
      ctx.log(`using your Dockerfile as it is (${why})\n`, 'info');
      return undefined;
    }
  }
  const stack = detectStack(dir);
  const image = baseImage?.trim() || docker.defaultImage(stack.kind);
  const text = dockerfileFor(stack, image, (name) => docker.defaultImage(name));
  const wrote: string[] = [];
  if (text !== existing) {
    await writeWorkspaceFile(dir, 'Dockerfile', text);
    wrote.push('Dockerfile');
  }
  if (!(await workspaceFileExists(dir, '.dockerignore'))) {
    await writeWorkspaceFile(dir, '.dockerignore', DOCKERIGNORE);
    wrote.push('.dockerignore');
  }
  const found = `found a ${stack.kind} app (${stack.evidence})`;
  if (existing === undefined) ctx.log(`${found}; wrote ${wrote.join(' and ')} into the workspace, based on ${image}\n`, 'info');
  else if (wrote.includes('Dockerfile')) ctx.log(`${found}; rewrote the Dockerfile Pipewright generated, now based on ${image}\n`, 'info');
  else ctx.log(`${found}; the Dockerfile Pipewright generated is up to date (based on ${image})\n`, 'info');
  return stack;
}

/** One app per node: the local process it ran without Docker goes. */
async function stopLocalApp(ctx: RunContext): Promise<void> {
  const previous = await ctx.services.current();
  if (!previous) return;
  await ctx.services.stopPrevious();
  if (previous.running) ctx.log(`stopped the local process this node ran without Docker (${previous.url ?? `pid ${previous.pid}`}): the app runs in a container now\n`, 'info');
}

/** Writes the Dockerfile when needed and builds the image on `docker`'s engine (the context travels as an archive). */
export async function buildApp(ctx: RunContext, docker: DockerApi, dir: string, params: DeployParams) {
  await stopLocalApp(ctx);
  const stack = await ensureDockerfile(ctx, dir, params.baseImage, docker);
  const buildStart = Date.now();
  const image = await docker.build({ context: dir, signal: ctx.signal });
  const buildMs = Date.now() - buildStart;
  let containerPort = stack?.port ?? image.exposedPorts[0];
  if (containerPort === undefined) {
    containerPort = FALLBACK_PORT;
    ctx.log(`the Dockerfile EXPOSEs no port: expecting the app on $PORT (${FALLBACK_PORT})\n`, 'info');
  }
  return { image, buildMs, containerPort };
}

export async function deployWithDocker(ctx: RunContext, dir: string, params: DeployParams, docker: DockerApi = ctx.docker): Promise<ServiceValue> {
  const began = Date.now();
  const { image, buildMs, containerPort } = await buildApp(ctx, docker, dir, params);
  const service = await docker.runService({
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

import type Docker from 'dockerode';
import { NodeError, waitForHttp, type NodeProgress, type RunningService, type ServiceOptions } from '../../../nodes/sdk';
import { lastLines } from '../../../nodes/sdk/node/terminal-text';
import { ensureImage, removeIfUnused, runsAsRoot } from './images';
import { GPU_HELP, gpuSupport, isGpuError } from './gpu';
import { handOver } from './host-user';
import { containerName, LABEL, type Owner } from './labels';
import { followLogs, redact } from './log-follow';
import { downloadProgress } from './download-progress';
import { containerLogs } from './logs';
import { ensureServiceNetwork } from './service-network';
import { healthPathOf, userOf, serviceConfigHash, serviceCreateOptions, serviceLimits } from './service-spec';
import { copyMountsIn } from './workspace-archive';

/** Where the engine runs, as runService needs to know it: whether it sees this machine's files, and the host its ports answer on. */
export interface Place {
  remote: boolean;
  publicHost: string;
}

export const THIS_MACHINE: Place = { remote: false, publicHost: '127.0.0.1' };

const DEFAULT_HEALTH_TIMEOUT_MS = 60_000;
// A running service with the same configuration is given this long to answer before it is
// replaced: on a busy machine a healthy app can take seconds, and replacing it costs a restart.
const REUSE_CHECK_MS = 10_000;
const FAILURE_LOG_LINES = 40;
/** How often a long wait says it is still waiting (model servers take minutes). */
const PROGRESS_EVERY_MS = 15_000;

function abortError(signal: AbortSignal): Error {
  const err = new Error('cancelled while starting the service', { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

/** The address a service publishes on: this machine's loopback, or every address of a remote engine's machine. */
export const publishIp = (place: Place) => (place.remote ? '0.0.0.0' : '127.0.0.1');

/** The host port a listed container publishes `containerPort` on (where `place` publishes). */
function listedPort(c: Docker.ContainerInfo, containerPort: number, place: Place): number | undefined {
  return c.Ports?.find((p) => p.PrivatePort === containerPort && p.PublicPort && p.IP === publishIp(place))?.PublicPort;
}

function inspectedPort(info: Docker.ContainerInspectInfo, containerPort: number, place: Place): number | undefined {
  const bindings = info.NetworkSettings?.Ports?.[`${containerPort}/tcp`] ?? [];
  const port = Number(bindings.find((b) => b.HostIp === publishIp(place))?.HostPort ?? bindings[0]?.HostPort);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

function portTaken(err: unknown): boolean {
  return /port is already allocated|address already in use/i.test((err as Error)?.message ?? '');
}

async function removeContainer(docker: Docker, id: string): Promise<void> {
  await docker
    .getContainer(id)
    .remove({ force: true })
    .catch(() => undefined);
}

/** Why a container is not running any more, or undefined while it runs. */
async function stoppedReason(container: Docker.Container, memoryBytes: number): Promise<string | undefined> {
  const info = await container.inspect().catch(() => undefined);
  if (!info) return 'the container disappeared';
  const state = info.State;
  if (state.Running) return undefined;
  if (state.OOMKilled) {
    return memoryBytes ? `it was killed for using more than ${memoryBytes / 1024 ** 3} GiB of memory` : 'it was killed for running out of memory';
  }
  return `it exited with code ${state.ExitCode}`;
}

/** Refuses, before anything is pulled, a GPU service on an engine that cannot give GPUs. */
async function requireGpus(docker: Docker, opts: ServiceOptions): Promise<void> {
  if (!opts.gpus) return;
  const gpu = await gpuSupport(docker);
  if (!gpu.ok) throw new NodeError(`${opts.name} needs NVIDIA GPUs, but ${gpu.reason}`, GPU_HELP);
}

/**
 * See DockerApi.runService. The configuration hash covers everything that shapes the running
 * app, the image by id: rebuilding changed code gives a new id, so a new container.
 */
export async function runService(
  docker: Docker,
  owner: Owner,
  opts: ServiceOptions,
  log: (line: string) => void,
  place: Place = THIS_MACHINE,
  onProgress?: (progress: NodeProgress) => void,
): Promise<RunningService> {
  const { signal, containerPort } = opts;
  await requireGpus(docker, opts);
  const image = await ensureImage(docker, opts.image, log, signal, undefined, onProgress);
  const name = containerName(owner);
  const healthPath = healthPathOf(opts);
  const hash = serviceConfigHash(opts, image.id);
  const limits = serviceLimits(opts);
  const probe = { headers: opts.ready?.headers, accept: opts.ready?.accept };
  const hide = (text: string) => redact(text, opts.redact);

  // Every run, reuse included: files Pipewright wrote into the folders since must stay writable.
  if (opts.runAsHostUser && !place.remote) await handOver((opts.mounts ?? []).filter((m) => !m.readOnly).map((m) => m.source));

  const existing = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.project}=${owner.projectId}`, `${LABEL.node}=${owner.nodeId}`, `${LABEL.role}=service`] },
  });
  let previousPort: number | undefined;
  for (const c of existing) {
    const port = listedPort(c, containerPort, place);
    if (c.Labels[LABEL.config] === hash && c.State === 'running' && port) {
      const url = `http://${place.publicHost}:${port}`;
      const check = await waitForHttp({ url: url + healthPath, timeoutMs: REUSE_CHECK_MS, signal, ...probe });
      if (check.ok) {
        log(`reusing ${name} (same configuration, answering on ${url}${healthPath})\n`);
        return { containerId: c.Id, containerName: name, url, hostPort: port, image: opts.image, reused: true, startMs: 0, healthyMs: check.ms };
      }
      log(`replacing ${name}: it runs the same configuration but does not answer (${hide(check.last)})\n`);
    } else {
      const why = c.Labels[LABEL.config] === hash ? `it is ${c.State}` : 'its configuration changed';
      log(`replacing ${name}: ${why}\n`);
    }
    // Keep the URL stable across replacements when the person asked for no particular port.
    previousPort ??= port;
    await removeContainer(docker, c.Id);
    if (c.ImageID !== image.id) await removeIfUnused(docker, c.ImageID);
  }
  if (signal?.aborted) throw abortError(signal);
  if (!opts.runAsHostUser && runsAsRoot(image.user)) {
    log(`note: ${opts.image} runs as root (no USER in its Dockerfile); it runs with every capability dropped, but add a USER line to run it as an unprivileged user\n`);
  }
  if (opts.serviceNetwork) await ensureServiceNetwork(docker);

  const create = async (hostPort: number | undefined) => {
    const made = await docker.createContainer(serviceCreateOptions({ owner, opts, hash, hostPort, remote: place.remote }));
    // A remote engine cannot bind this machine's files: they are copied in before the start.
    if (place.remote && opts.mounts?.length) await copyMountsIn(made, opts.mounts, opts.runAsHostUser ? userOf(opts) : undefined);
    return made;
  };

  const began = Date.now();
  let container: Docker.Container | undefined;
  let stopFollowing: (() => void) | undefined;
  let progress: ReturnType<typeof setInterval> | undefined;
  try {
    const wanted = opts.hostPort ?? previousPort;
    container = await createOrExplain(create, wanted, name);
    try {
      await container.start();
    } catch (err) {
      if (opts.gpus && isGpuError(err)) {
        throw new NodeError(`${opts.name} needs NVIDIA GPUs, but Docker could not give them to its container: ${(err as Error).message}`, GPU_HELP);
      }
      if (!portTaken(err)) throw err;
      await removeContainer(docker, container.id);
      if (opts.hostPort) {
        throw new NodeError(`port ${opts.hostPort} on ${place.remote ? place.publicHost : '127.0.0.1'} is already in use by another program; choose another port, or leave it empty for a free one`);
      }
      container = await create(undefined);
      await container.start();
    }
    const startMs = Date.now() - began;
    const info = await container.inspect();
    const hostPort = inspectedPort(info, containerPort, place);
    if (!hostPort) {
      // An app that exits at once has no ports left to inspect: say that it stopped, and why.
      const stopped = await stoppedReason(container, limits.memoryBytes);
      if (stopped) {
        const logs = hide(lastLines(await containerLogs(container, FAILURE_LOG_LINES * 2), FAILURE_LOG_LINES));
        throw new NodeError(`${name}: the app stopped before answering on ${healthPath}: ${stopped}`, logs ? `its last log lines:\n${logs}` : 'it printed nothing');
      }
      throw new NodeError(`${name} started but Docker published no port for ${containerPort}; check that nothing else manages its ports`);
    }
    const url = `http://${place.publicHost}:${hostPort}`;
    log(`started ${name} from ${opts.image} on ${url}; waiting for ${healthPath} to answer\n`);

    const started = container;
    if (opts.streamLogs) {
      stopFollowing = await followLogs(
        docker,
        started,
        (line) => {
          log(`${line}\n`);
          // A model server downloading its weights draws a bar in its log: the node shows it.
          const shown = onProgress && downloadProgress(line);
          if (shown) onProgress(shown);
        },
        opts.redact,
      );
    }
    let missing: string | undefined;
    const accept = probe.accept && ((body: string) => (missing = probe.accept!(body)));
    progress = setInterval(() => {
      const waited = Math.round((Date.now() - began) / 1000);
      log(`still waiting for ${name} to be ready on ${healthPath} (${waited} s${missing ? `; ${hide(missing)}` : ''})\n`);
    }, PROGRESS_EVERY_MS);
    const timeoutMs = opts.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
    const health = await waitForHttp({
      url: url + healthPath,
      timeoutMs,
      signal,
      headers: probe.headers,
      accept,
      stopped: () => stoppedReason(started, limits.memoryBytes),
    });
    clearInterval(progress);
    stopFollowing?.();
    if (!health.ok) {
      const logs = hide(lastLines(await containerLogs(started, FAILURE_LOG_LINES * 2), FAILURE_LOG_LINES));
      const what =
        health.why === 'stopped'
          ? `the app stopped before answering on ${healthPath}: ${health.stoppedReason}`
          : `the app did not answer 2xx on ${url}${healthPath} within ${Math.round(timeoutMs / 1000)} s (last try: ${hide(health.last)})`;
      throw new NodeError(`${name}: ${what}`, logs ? `its last log lines:\n${logs}` : 'it printed nothing');
    }
    log(`${name} answered ${health.status} on ${healthPath} after ${health.ms} ms\n`);
    return {
      containerId: started.id,
      containerName: name,
      url,
      hostPort,
      image: opts.image,
      reused: false,
      startMs,
      healthyMs: health.ms,
    };
  } catch (err) {
    clearInterval(progress);
    stopFollowing?.();
    // Nothing half-started stays behind: not on failure, not on cancel.
    if (container) await removeContainer(docker, container.id);
    if (signal?.aborted) throw abortError(signal);
    throw err;
  }
}

/** See DockerApi.removeService: every service container labelled as this node's goes. */
export async function removeNodeService(docker: Docker, owner: Owner): Promise<boolean> {
  const existing = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.project}=${owner.projectId}`, `${LABEL.node}=${owner.nodeId}`, `${LABEL.role}=service`] },
  });
  await Promise.all(existing.map((c) => removeContainer(docker, c.Id)));
  return existing.length > 0;
}

async function createOrExplain(
  create: (port: number | undefined) => Promise<Docker.Container>,
  port: number | undefined,
  name: string,
): Promise<Docker.Container> {
  try {
    return await create(port);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 409) {
      throw new NodeError(
        `a container named ${name} exists that Pipewright did not label as this node's; remove it (docker rm -f ${name}) and run again`,
      );
    }
    throw err;
  }
}

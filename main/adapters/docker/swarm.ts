import type Docker from 'dockerode';
import { NodeError, waitForHttp, type SwarmOptions, type SwarmService } from '../../../nodes/sdk';
import { ensureImage } from './images';
import { configHash, containerName, LABEL, ownerLabels, type Owner } from './labels';
import type { Place } from './service';
import { serviceLimits, healthPathOf } from './service-spec';

const DEFAULT_HEALTH_TIMEOUT_MS = 60_000;
const POLL_MS = 500;
/** A reused service gets one short look per replica: it was healthy before, or it is updated. */
const REUSE_CHECK_MS = 3000;

/** What `role=service` swarm services carry besides the owner's labels: the kind of thing it is. */
export const SWARM_KIND = 'swarm';

function abortError(signal: AbortSignal): Error {
  const err = new Error('cancelled while deploying the swarm service', { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

interface Task {
  ID: string;
  NodeID?: string;
  Spec?: { ForceUpdate?: number };
  DesiredState?: string;
  Status?: { State?: string; Err?: string; PortStatus?: { Ports?: { TargetPort?: number; PublishedPort?: number }[] } };
}

interface SwarmNode {
  ID: string;
  Description?: { Hostname?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Addr?: string };
}

/** A node's address as other machines reach it (a manager may report 0.0.0.0 in Status.Addr). */
export function nodeAddress(node: SwarmNode | undefined): string | undefined {
  const addr = node?.Status?.Addr;
  if (addr && addr !== '0.0.0.0') return addr;
  return node?.ManagerStatus?.Addr?.replace(/:\d+$/, '');
}

/** The swarm service spec: the sandbox defaults that swarm can express, and what the node asked for. */
export function swarmServiceSpec(owner: Owner, opts: SwarmOptions, hash: string, forceUpdate: number): Record<string, unknown> {
  const limits = serviceLimits({});
  const name = containerName(owner);
  const labels = {
    ...ownerLabels(owner, 'service'),
    [LABEL.config]: hash,
    [LABEL.keep]: String(opts.keep),
    [LABEL.name]: opts.name,
    [LABEL.port]: String(opts.containerPort),
    [LABEL.kind]: SWARM_KIND,
  };
  return {
    Name: name,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: opts.image,
        Env: Object.entries({ ...opts.env, PORT: String(opts.containerPort) }).map(([k, v]) => `${k}=${v}`),
        Labels: ownerLabels(owner, 'service'),
        CapabilityDrop: ['ALL'],
        // Honoured from Docker 25 (API 1.44); older engines ignore it, the dropped capabilities stay.
        Privileges: { NoNewPrivileges: true },
        Init: true,
      },
      Resources: { Limits: { MemoryBytes: limits.memoryBytes, NanoCPUs: Math.round(limits.cpus * 1e9), Pids: limits.pids } },
      RestartPolicy: { Condition: 'any', Delay: 1_000_000_000 },
      // Spread over nodes (Swarm does by default; said here so it stays so).
      Placement: { Preferences: [{ Spread: { SpreadDescriptor: 'node.id' } }] },
      ForceUpdate: forceUpdate,
    },
    Mode: { Replicated: { Replicas: opts.replicas } },
    // One replica at a time, each stopped before its successor starts: the others keep serving,
    // a fixed host-mode port is free for the successor, and Swarm's spread puts it where the old
    // one was (starting first, both successors could land on one node).
    UpdateConfig: { Parallelism: 1, Order: 'stop-first', FailureAction: 'pause' },
    // Back to the version that served, every replica at once, and on to the end even when a task
    // of the broken version fails meanwhile (Swarm's default pauses there, leaving it running).
    RollbackConfig: { Parallelism: 0, Order: 'stop-first', FailureAction: 'continue' },
    EndpointSpec: {
      Ports: [
        {
          Protocol: 'tcp',
          TargetPort: opts.containerPort,
          ...(opts.publishedPort ? { PublishedPort: opts.publishedPort } : {}),
          PublishMode: opts.publishMode,
        },
      ],
    },
  };
}

/** The swarm services of `docker` (a manager) labelled as one node's. */
export async function nodeSwarmServices(docker: Docker, owner: Pick<Owner, 'projectId' | 'nodeId'>): Promise<Docker.Service[]> {
  return docker.listServices({
    filters: { label: [`${LABEL.project}=${owner.projectId}`, `${LABEL.node}=${owner.nodeId}`, `${LABEL.role}=service`] },
  } as Docker.ServiceListOptions);
}

/** Whether the engine is a swarm manager, and if not, what it is. */
export async function swarmRole(docker: Docker): Promise<{ manager: boolean; nodeId?: string; state: string }> {
  const info = (await docker.info()) as { Swarm?: { ControlAvailable?: boolean; NodeID?: string; LocalNodeState?: string } };
  return { manager: Boolean(info.Swarm?.ControlAvailable), nodeId: info.Swarm?.NodeID || undefined, state: info.Swarm?.LocalNodeState || 'inactive' };
}

/** The swarm's nodes by id (a manager only). */
export async function swarmNodes(docker: Docker): Promise<Map<string, SwarmNode>> {
  const nodes = (await docker.listNodes()) as SwarmNode[];
  return new Map(nodes.map((n) => [n.ID, n]));
}

/** Tasks Swarm wants running for a service. */
async function liveTasks(docker: Docker, serviceId: string): Promise<Task[]> {
  return (await docker.listTasks({ filters: { service: [serviceId], 'desired-state': ['running'] } } as object)) as Task[];
}

/** The generation of a service's spec: each update Pipewright makes counts it up (ForceUpdate). */
function generationOf(service: Docker.Service): number {
  return (service.Spec?.TaskTemplate as { ForceUpdate?: number } | undefined)?.ForceUpdate ?? 0;
}

/**
 * Each replica of the service's current spec: its node, address and URL. Tasks of the spec
 * before (still running during a rolling update) are not counted.
 */
async function replicasOf(docker: Docker, service: Docker.Service, opts: SwarmOptions, place: Place): Promise<SwarmService['replicas']> {
  const [all, nodes, inspected] = await Promise.all([liveTasks(docker, service.ID), swarmNodes(docker), docker.getService(service.ID).inspect()]);
  const tasks = all.filter((t) => (t.Spec?.ForceUpdate ?? 0) === generationOf(service));
  const ingressPort = (inspected as { Endpoint?: { Ports?: { TargetPort?: number; PublishedPort?: number }[] } }).Endpoint?.Ports?.find(
    (p) => p.TargetPort === opts.containerPort,
  )?.PublishedPort;
  return tasks.map((t) => {
    const node = nodes.get(t.NodeID ?? '');
    const address = nodeAddress(node) ?? place.publicHost;
    const hostPort = t.Status?.PortStatus?.Ports?.find((p) => p.TargetPort === opts.containerPort)?.PublishedPort;
    const url =
      opts.publishMode === 'host'
        ? hostPort && `http://${address}:${hostPort}`
        : ingressPort && `http://${place.publicHost}:${ingressPort}`;
    return {
      node: node?.Description?.Hostname ?? t.NodeID ?? '?',
      nodeId: t.NodeID ?? '',
      address,
      state: t.Status?.State ?? 'unknown',
      ...(url ? { url } : {}),
      ...(t.Status?.Err ? { error: t.Status.Err } : {}),
    };
  });
}

/**
 * Where a listed swarm service answers: the routing mesh's port on the engine's host, or in
 * host mode the first running replica on its node's address.
 */
export async function swarmServiceUrl(docker: Docker, service: Docker.Service, place: Place): Promise<string | undefined> {
  const containerPort = Number(service.Spec?.Labels?.[LABEL.port]);
  const published = (service.Spec?.EndpointSpec?.Ports ?? []).find((p) => p.TargetPort === containerPort);
  if (!published) return undefined;
  const publishMode = published.PublishMode === 'host' ? 'host' : 'ingress';
  const opts = { containerPort, publishMode, replicas: 0 } as unknown as SwarmOptions;
  return (await replicasOf(docker, service, opts, place)).find((r) => r.state === 'running' && r.url)?.url;
}

/** Why tasks of the service failed lately (Swarm keeps the failed ones in its history). */
async function taskErrors(docker: Docker, serviceId: string): Promise<string[]> {
  const tasks = (await docker.listTasks({ filters: { service: [serviceId] } } as object)) as Task[];
  return [...new Set(tasks.map((t) => t.Status?.Err).filter((e): e is string => Boolean(e)))].slice(-5);
}

/**
 * Waits until `replicas` tasks run and each answers its health check (the service URL once,
 * with the routing mesh). Health comes from the tasks first: a task that fails is retried by
 * Swarm, and its error is what the timeout reports.
 */
async function waitHealthy(
  docker: Docker,
  service: Docker.Service,
  opts: SwarmOptions,
  place: Place,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ ok: true; replicas: SwarmService['replicas']; ms: number } | { ok: false; why: string }> {
  const began = Date.now();
  const healthPath = healthPathOf(opts);
  let last = 'no task started yet';
  while (Date.now() - began < timeoutMs) {
    if (signal?.aborted) throw abortError(signal);
    const replicas = await replicasOf(docker, service, opts, place);
    const running = replicas.filter((r) => r.state === 'running' && r.url);
    if (running.length >= opts.replicas) {
      const urls = [...new Set(running.map((r) => r.url!))];
      const left = Math.max(1000, timeoutMs - (Date.now() - began));
      const checks = await Promise.all(urls.map((u) => waitForHttp({ url: u + healthPath, timeoutMs: left, signal })));
      const bad = checks.findIndex((c) => !c.ok);
      if (bad < 0) return { ok: true, replicas: running, ms: Date.now() - began };
      last = `${urls[bad]}${healthPath} did not answer 2xx (${(checks[bad] as { last?: string }).last ?? 'no answer'})`;
      break;
    }
    last = `${running.length} of ${opts.replicas} replicas running (${replicas.map((r) => `${r.node}: ${r.state}${r.error ? `, ${r.error}` : ''}`).join('; ') || 'no tasks'})`;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (signal?.aborted) throw abortError(signal);
  const errors = await taskErrors(docker, service.ID);
  return { ok: false, why: `${last}${errors.length ? `; task errors: ${errors.join('; ')}` : ''}` };
}

/**
 * See DockerApi.deploySwarm. `distribute` puts the image on the swarm's other nodes where
 * Pipewright can reach their engines (no registry is assumed).
 */
export async function deploySwarmService(
  docker: Docker,
  owner: Owner,
  opts: SwarmOptions,
  log: (line: string) => void,
  place: Place,
  distribute: (ref: string, imageId: string) => Promise<void>,
): Promise<SwarmService> {
  const { signal } = opts;
  const role = await swarmRole(docker);
  if (!role.manager) {
    throw new NodeError(
      `${opts.name}: the engine is not a Docker Swarm manager (its swarm state: ${role.state})`,
      'Make it one (docker swarm init), or choose a manager\'s engine in the node\'s engine param or the project\'s engine in Settings.',
    );
  }
  const image = await ensureImage(docker, opts.image, log, signal);
  const version = await versionTag(docker, opts.image, image.id);
  await distribute(version, image.id);
  const hash = configHash({
    image: image.id,
    containerPort: opts.containerPort,
    publishedPort: opts.publishedPort,
    publishMode: opts.publishMode,
    replicas: opts.replicas,
    env: opts.env,
    healthPath: healthPathOf(opts),
    keep: opts.keep,
  });
  const timeoutMs = opts.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const name = containerName(owner);
  const existing = (await nodeSwarmServices(docker, owner))[0];
  const began = Date.now();
  // The spec names this version's own tag: a rollback, or a replica Swarm moves, runs this
  // version even after the image's usual tag has moved on to a newer build.
  const spec = (force: number) => swarmServiceSpec(owner, { ...opts, image: version }, hash, force);
  const previous = (existing?.Spec?.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined)?.ContainerSpec?.Image;

  if (existing && existing.Spec?.Labels?.[LABEL.config] === hash) {
    const check = await waitHealthy(docker, existing, opts, place, REUSE_CHECK_MS, signal);
    if (check.ok) {
      log(`reusing swarm service ${name} (same configuration, ${check.replicas.length} replicas answering)\n`);
      return result(existing.ID, name, opts, check.replicas, true, check.ms);
    }
    log(`updating swarm service ${name}: it runs the same configuration but ${check.why}\n`);
  }

  let serviceId: string;
  if (existing) {
    const force = generationOf(existing) + 1;
    if (existing.Spec?.Labels?.[LABEL.config] !== hash) log(`updating swarm service ${name}: its configuration changed\n`);
    await docker.getService(existing.ID).update({ _query: { version: existing.Version?.Index }, _body: spec(force) } as never);
    serviceId = existing.ID;
  } else {
    const created = (await docker.createService(spec(0) as never)) as { id?: string; ID?: string };
    serviceId = created.id ?? created.ID!;
    log(`created swarm service ${name} from ${opts.image}: ${opts.replicas} replica(s), ${opts.publishMode} publish mode\n`);
  }
  const service = (await docker.getService(serviceId).inspect()) as Docker.Service;
  try {
    const health = await waitHealthy(docker, service, opts, place, timeoutMs, signal);
    if (!health.ok) {
      throw new NodeError(`${opts.name}: the swarm service did not become healthy within ${Math.round(timeoutMs / 1000)} s: ${health.why}`);
    }
    for (const r of health.replicas) log(`replica on ${r.node} (${r.address}) answers on ${r.url}\n`);
    // This version and the one before (what a rollback would go back to) stay; older ones go.
    await pruneVersions(docker, opts.image, [version, previous]);
    return result(serviceId, name, opts, health.replicas, false, Date.now() - began);
  } catch (err) {
    // An update that fails (or is cancelled) goes back to the version that served before: a
    // broken change must not take the running app down. A new service goes: nothing
    // half-deployed stays behind.
    if (existing && (await rollBack(docker, serviceId, log))) {
      if (err instanceof NodeError) throw new NodeError(`${err.message}; rolled back to the previous version, which still runs`, err.detail);
      throw err;
    }
    await docker.getService(serviceId).remove().catch(() => undefined);
    throw err;
  }
}

/** `repo` and `tag` of an image reference (`registry:5000/name:tag`: the port is not a tag). */
function splitRef(ref: string): { repo: string; tag: string } {
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: 'latest' };
}

const VERSION_TAG = /^v-[0-9a-f]{12}$/;

/** Tags image `id` as `<repo>:v-<first 12 of its id>` and returns that reference (a digest reference as it is). */
async function versionTag(docker: Docker, ref: string, id: string): Promise<string> {
  if (ref.includes('@')) return ref;
  const { repo } = splitRef(ref);
  const tag = `v-${id.replace(/^sha256:/, '').slice(0, 12)}`;
  await docker.getImage(id).tag({ repo, tag });
  return `${repo}:${tag}`;
}

/**
 * Removes the version tags of `ref`'s repository other than `keep`. Forced: a version that
 * failed is still named by the stopped tasks Swarm keeps as history, and nothing runs it.
 */
async function pruneVersions(docker: Docker, ref: string, keep: (string | undefined)[]): Promise<void> {
  const { repo } = splitRef(ref);
  const images = await docker.listImages({ filters: { reference: [`${repo}:v-*`] } } as object).catch(() => []);
  for (const tagged of images.flatMap((i) => i.RepoTags ?? [])) {
    if (!VERSION_TAG.test(splitRef(tagged).tag) || keep.includes(tagged)) continue;
    await docker.getImage(tagged).remove({ force: true }).catch(() => undefined);
  }
}

/** Swarm's own rollback to the spec before the last update; false when it could not start one. */
async function rollBack(docker: Docker, serviceId: string, log: (line: string) => void): Promise<boolean> {
  try {
    const current = (await docker.getService(serviceId).inspect()) as Docker.Service & { PreviousSpec?: unknown };
    if (!current.PreviousSpec) return false;
    await docker.getService(serviceId).update({ _query: { version: current.Version?.Index, rollback: 'previous' }, _body: current.Spec } as never);
    log(`the update failed: swarm service ${current.Spec?.Name ?? serviceId} is rolled back to its previous version\n`);
    return true;
  } catch (err) {
    log(`the update failed and could not be rolled back (${(err as Error).message}): the service is removed\n`);
    return false;
  }
}

function result(id: string, name: string, opts: SwarmOptions, replicas: SwarmService['replicas'], reused: boolean, healthyMs: number): SwarmService {
  const urls = [...new Set(replicas.map((r) => r.url!).filter(Boolean))];
  return { serviceId: id, serviceName: name, url: urls[0], urls, image: opts.image, replicas, reused, healthyMs };
}

/** Removes this node's swarm services (when the engine is a manager); true when there was one. */
export async function removeNodeSwarmServices(docker: Docker, owner: Pick<Owner, 'projectId' | 'nodeId'>): Promise<boolean> {
  if (!(await swarmRole(docker)).manager) return false;
  const services = await nodeSwarmServices(docker, owner);
  await Promise.all(services.map((s) => docker.getService(s.ID).remove().catch(() => undefined)));
  return services.length > 0;
}

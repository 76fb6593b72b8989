import { NodeError } from '../../nodes/sdk';
import type { DockerClient, ManagedContainer } from '../adapters/docker';
import { DEFAULT_ENGINE } from '../adapters/docker/engine-name';
import type { LocalServiceEntry, LocalServices } from './local-services';

/** One entry of the Services list (the shape preload/contract's ServiceInfoSchema describes). */
export interface ServiceInfo {
  /** Container id, or the name of a local process. */
  id: string;
  /** Unique: the container's name (pipewright-<project>-<node>), or the local process's name. */
  name: string;
  nodeId?: string;
  projectId?: string;
  image?: string;
  url?: string;
  /** running, exited, created, … */
  status: string;
  startedAt?: number;
  /** `docker` (a container, listed from Docker itself) or `local` (a process, listed from its record). */
  kind: 'docker' | 'local';
  /** Removed when its run ends, unless kept. */
  keep: boolean;
  /** The Docker engine it runs on (`default` or a configured name); absent for local processes. */
  engine?: string;
}

export interface ServiceList {
  /** False when Docker cannot be reached: local services are still listed. */
  available: boolean;
  services: ServiceInfo[];
  /** Why Docker's services are missing (or some engines' are), and how to get Docker going. */
  reason?: string;
  /** The engines that did not answer, each with why: their services are missing from the list. */
  down?: { engine: string; reason: string }[];
}

export interface ServicesDeps {
  docker: DockerClient;
  local?: LocalServices;
  /** Hides stored secret values in what services printed (a model server given a token may echo it). */
  redact?: (text: string) => string;
}

function fromContainer(c: ManagedContainer): ServiceInfo {
  return {
    id: c.id,
    name: c.containerName,
    nodeId: c.nodeId,
    projectId: c.projectId,
    image: c.image,
    ...(c.url ? { url: c.url } : {}),
    status: c.state,
    startedAt: c.createdAt,
    kind: 'docker',
    keep: c.keep,
    engine: c.engine,
  };
}

function fromLocal(e: LocalServiceEntry): ServiceInfo {
  return {
    id: e.name,
    name: e.name,
    nodeId: e.nodeId,
    projectId: e.projectId,
    ...(e.url ? { url: e.url } : {}),
    // A process that ended on its own stays listed, like an exited container: its logs say why.
    status: e.running ? 'running' : 'exited',
    startedAt: e.startedAt,
    kind: 'local',
    keep: e.keep,
  };
}

/**
 * The services Pipewright started, one project's or all: containers (and swarm services) read
 * from the labels on every engine in settings
 * and local processes from their records, so the list is right after a restart and in any
 * Pipewright process. Never throws for a missing engine: the list says so instead.
 */
export async function listServices(deps: ServicesDeps, options: { projectId?: string } = {}): Promise<ServiceList> {
  const local = ((await deps.local?.list(options.projectId)) ?? []).map(fromLocal);
  const { services, down } = await deps.docker.listEverywhere(options.projectId);
  const available = !down.some((d) => d.engine === DEFAULT_ENGINE);
  // The default engine's reason as it always read; other engines' named.
  const reason = down.map((d) => (d.engine === DEFAULT_ENGINE ? d.reason : `engine ${d.engine}: ${d.reason}`)).join('; ');
  return { available, services: [...services.map(fromContainer), ...local], ...(reason ? { reason, down } : {}) };
}

/** Finds one service by id, name or a unique id prefix (as docker does). */
async function resolve(deps: ServicesDeps, idOrName: string): Promise<ServiceInfo> {
  const { services, available, reason } = await listServices(deps);
  const exact = services.find((s) => s.id === idOrName || s.name === idOrName);
  if (exact) return exact;
  const prefixed = idOrName.length >= 4 ? services.filter((s) => s.id.startsWith(idOrName)) : [];
  if (prefixed.length === 1) return prefixed[0];
  if (prefixed.length > 1) throw new NodeError(`"${idOrName}" matches ${prefixed.length} services; give more of the id, or the name`);
  const names = services.map((s) => s.name).join(', ') || 'none';
  throw new NodeError(
    `no service named "${idOrName}"${available ? '' : ` (Docker is not reachable: ${reason})`}; services: ${names}`,
  );
}

/** The last `tail` lines a service printed. */
export async function serviceLogs(deps: ServicesDeps, idOrName: string, tail = 200): Promise<string> {
  const service = await resolve(deps, idOrName);
  const text = service.kind === 'local' ? (deps.local?.logs(service.name, tail) ?? '') : await deps.docker.logs(service.id, tail);
  return deps.redact ? deps.redact(text) : text;
}

/**
 * Stops a service: removes its container, or ends a local process with everything it started
 * and forgets it (a later run starts a fresh one).
 */
export async function stopService(deps: ServicesDeps, idOrName: string): Promise<ServiceInfo> {
  const service = await resolve(deps, idOrName);
  if (service.kind === 'local') await deps.local?.stop(service.name);
  else await deps.docker.stop(service.id);
  return service;
}

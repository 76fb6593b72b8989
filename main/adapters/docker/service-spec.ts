import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type Docker from 'dockerode';
import type { ServiceOptions } from '../../../nodes/sdk';
import { deviceRequests } from './gpu';
import { hardenedHostConfig, SERVICE_LIMITS, type Limits } from './hardening';
import { hostUser } from './host-user';
import { configHash, containerName, LABEL, ownerLabels, type Owner } from './labels';
import { HOST_ALIAS, SERVICE_NETWORK } from './service-network';

/** The limits a service runs under: the defaults, with what the node asked for instead. */
export function serviceLimits(opts: Pick<ServiceOptions, 'limits'>): Limits {
  return { ...SERVICE_LIMITS, ...Object.fromEntries(Object.entries(opts.limits ?? {}).filter(([, v]) => v !== undefined)) };
}

export function healthPathOf(opts: Pick<ServiceOptions, 'healthPath' | 'ready'>): string {
  const p = (opts.ready?.path ?? opts.healthPath ?? '/').trim() || '/';
  return p.startsWith('/') ? p : `/${p}`;
}

/** The environment the container gets: the node's, then PORT (the app must listen where it is published). */
export function serviceEnv(opts: Pick<ServiceOptions, 'env' | 'containerPort'>): Record<string, string> {
  return { ...opts.env, PORT: String(opts.containerPort) };
}

/** A bound file is configuration (a router's config.yaml): its content is hashed, not only its path. */
function mountFingerprint(m: NonNullable<ServiceOptions['mounts']>[number]) {
  let content: string | undefined;
  try {
    if (statSync(m.source).isFile()) content = createHash('sha256').update(readFileSync(m.source)).digest('hex');
  } catch {
    content = 'missing';
  }
  return { ...m, content };
}

/**
 * The hash of everything that shapes the running service, the image by id (rebuilt code
 * gives a new id, so a new container). Readiness headers are left out: a key belongs in env.
 */
export function serviceConfigHash(opts: ServiceOptions, imageId: string): string {
  return configHash({
    image: imageId,
    containerPort: opts.containerPort,
    hostPort: opts.hostPort,
    env: serviceEnv(opts),
    command: opts.command,
    entrypoint: opts.entrypoint,
    user: userOf(opts),
    keep: opts.keep,
    healthPath: healthPathOf(opts),
    limits: serviceLimits(opts),
    gpus: opts.gpus,
    hostIpc: opts.hostIpc || undefined,
    shmBytes: opts.shmBytes,
    volumes: opts.volumes,
    mounts: opts.mounts?.map(mountFingerprint),
    serviceNetwork: opts.serviceNetwork || undefined,
  });
}

/** The user it runs as: the person's (see hostUser), or the image's own. */
export function userOf(opts: Pick<ServiceOptions, 'runAsHostUser'>): string | undefined {
  return opts.runAsHostUser ? hostUser() : undefined;
}

function mountsOf(opts: ServiceOptions, owner: Owner): Docker.MountSettings[] {
  const volumes = (opts.volumes ?? []).map(
    (v): Docker.MountSettings => ({
      Type: 'volume',
      Source: v.name,
      Target: v.target,
      // Applied when Docker makes the volume: it is Pipewright's, first made for this project.
      // Docker's types ask for a driver too; left out, an existing volume is used whatever its driver.
      VolumeOptions: { Labels: { [LABEL.role]: 'cache', [LABEL.project]: owner.projectId } } as unknown as Docker.MountSettings['VolumeOptions'],
    }),
  );
  const binds = (opts.mounts ?? []).map(
    (m): Docker.MountSettings => ({ Type: 'bind', Source: m.source, Target: m.target, ReadOnly: m.readOnly ?? false }),
  );
  return [...volumes, ...binds];
}

/** What runService asks Docker to create: the sandbox defaults, then what this service needs. */
export function serviceCreateOptions(args: {
  owner: Owner;
  opts: ServiceOptions;
  hash: string;
  hostPort: number | undefined;
  /** On another machine: published on all its addresses, and bound files copied in instead (see copyMountsIn). */
  remote?: boolean;
}): Docker.ContainerCreateOptions {
  const { owner, opts, hash, hostPort, remote = false } = args;
  const port = `${opts.containerPort}/tcp`;
  const mounts = mountsOf(opts, owner).filter((m) => !remote || m.Type !== 'bind');
  const host: Docker.HostConfig = {
    ...hardenedHostConfig(serviceLimits(opts)),
    PortBindings: { [port]: [{ HostIp: remote ? '0.0.0.0' : '127.0.0.1', HostPort: hostPort ? String(hostPort) : '' }] },
    RestartPolicy: { Name: 'no' },
    ...(opts.gpus ? { DeviceRequests: deviceRequests(opts.gpus) } : {}),
    ...(opts.hostIpc ? { IpcMode: 'host' } : {}),
    ...(opts.shmBytes && !opts.hostIpc ? { ShmSize: opts.shmBytes } : {}),
    ...(mounts.length ? { Mounts: mounts } : {}),
    ...(opts.serviceNetwork ? { NetworkMode: SERVICE_NETWORK, ExtraHosts: [`${HOST_ALIAS}:host-gateway`] } : {}),
  };
  return {
    name: containerName(owner),
    // The reference as given, so listings show a name; runService resolved it to an id first.
    Image: opts.image,
    Cmd: opts.command,
    ...(opts.entrypoint ? { Entrypoint: opts.entrypoint } : {}),
    ...(opts.runAsHostUser ? { User: userOf(opts) } : {}),
    Env: Object.entries(serviceEnv(opts)).map(([k, v]) => `${k}=${v}`),
    ExposedPorts: { [port]: {} },
    Labels: {
      ...ownerLabels(owner, 'service'),
      [LABEL.config]: hash,
      [LABEL.keep]: String(opts.keep),
      [LABEL.name]: opts.name,
      [LABEL.port]: String(opts.containerPort),
    },
    HostConfig: host,
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { loadLater } from '../load-later';

const dockerode = loadLater<typeof Docker>('dockerode');

/** How long `available()` waits for the engine to answer a ping. */
const PING_TIMEOUT_MS = 3000;

export interface DockerConnection {
  docker: Docker;
  /** Where it looks, as a person would write it: unix:///var/run/docker.sock, tcp://…, ssh://… */
  where: string;
  /**
   * True when the engine runs on another machine (tcp:// or ssh:// to a host that is not this
   * one's loopback): it cannot see this machine's folders, and what it publishes is reached at
   * `publicHost`, not 127.0.0.1.
   */
  remote: boolean;
  /** The host name services it publishes answer on, as this machine reaches them. */
  publicHost: string;
}

/** How to reach an engine: a host string, with TLS files and a public name when it is remote. */
export interface EngineAddress {
  host?: string;
  /** Paths of the CA, client certificate and key for tcp:// with TLS (port 2376 by convention). */
  tls?: { ca: string; cert: string; key: string };
  /** The name people reach its published ports by, when it differs from the host in `host`. */
  publicHost?: string;
}

/**
 * Sockets tried when no host is configured, in the order Docker's own CLI would find them:
 * the system engine, Docker Desktop's per-user socket, rootless Docker.
 */
function defaultSocket(): string {
  if (process.platform === 'win32') return '//./pipe/docker_engine';
  const candidates = [
    '/var/run/docker.sock',
    join(homedir(), '.docker', 'run', 'docker.sock'),
    ...(process.env.XDG_RUNTIME_DIR ? [join(process.env.XDG_RUNTIME_DIR, 'docker.sock')] : []),
  ];
  return candidates.find((c) => existsSync(c)) ?? candidates[0];
}

function tlsFiles(tls: EngineAddress['tls']): Pick<Docker.DockerOptions, 'ca' | 'cert' | 'key'> {
  if (tls) {
    const read = (what: string, path: string) => {
      try {
        return readFileSync(path);
      } catch (err) {
        throw new Error(`the engine's TLS ${what} file ${path} cannot be read (${(err as Error).message}); fix its path in Settings → Docker engines`, { cause: err });
      }
    };
    return { ca: read('CA', tls.ca), cert: read('certificate', tls.cert), key: read('key', tls.key) };
  }
  const dir = process.env.DOCKER_CERT_PATH;
  if (!dir) return {};
  try {
    return {
      ca: readFileSync(join(dir, 'ca.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
      key: readFileSync(join(dir, 'key.pem')),
    };
  } catch (err) {
    throw new Error(`DOCKER_CERT_PATH is ${dir}, but its ca.pem, cert.pem and key.pem cannot be read (${(err as Error).message}); fix the path or unset it`, { cause: err });
  }
}

/**
 * Options for dockerode from a host string. Every field is given explicitly (host included),
 * so a DOCKER_HOST in the environment never mixes into a host chosen in settings.
 */
export function dockerOptions(host: string | undefined, tls?: EngineAddress['tls']): { options: Docker.DockerOptions; where: string } {
  const none = { host: undefined, port: undefined, socketPath: undefined } as unknown as Docker.DockerOptions;
  if (!host) {
    const socketPath = defaultSocket();
    return { options: { ...none, socketPath }, where: socketPath.startsWith('//') ? `npipe://${socketPath}` : `unix://${socketPath}` };
  }
  if (host.startsWith('unix://')) return { options: { ...none, socketPath: host.slice(7) || defaultSocket() }, where: host };
  if (host.startsWith('npipe://')) return { options: { ...none, socketPath: host.slice(8) }, where: host };
  let url: URL;
  try {
    url = new URL(host.includes('://') ? host : `tcp://${host}`);
  } catch {
    throw new Error(`Docker host "${host}" is not a valid address; use unix:///path/to/docker.sock, tcp://host:2375 or ssh://user@host`);
  }
  if (url.protocol === 'ssh:') {
    return {
      options: {
        ...none,
        protocol: 'ssh',
        host: url.hostname,
        port: url.port || 22,
        username: decodeURIComponent(url.username) || undefined,
        sshOptions: { agent: process.env.SSH_AUTH_SOCK },
      } as Docker.DockerOptions,
      where: `ssh://${url.username ? `${url.username}@` : ''}${url.host}`,
    };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Docker host "${host}" uses ${url.protocol.slice(0, -1)}, which Pipewright cannot reach; use unix://, tcp:// or ssh://`);
  }
  const secure = Boolean(tls) || url.protocol === 'https:' || process.env.DOCKER_TLS_VERIFY === '1' || url.port === '2376';
  return {
    options: {
      ...none,
      protocol: secure ? 'https' : 'http',
      host: url.hostname,
      port: url.port || (secure ? 2376 : 2375),
      ...(secure ? tlsFiles(tls) : {}),
    },
    where: `tcp://${url.host}`,
  };
}

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export function connect(address: EngineAddress | string | undefined): DockerConnection {
  const { host, tls, publicHost } = typeof address === 'object' ? address : { host: address, tls: undefined, publicHost: undefined };
  const { options, where } = dockerOptions(host, tls);
  const hostname = options.socketPath ? undefined : String(options.host ?? '');
  const remote = hostname !== undefined && !isLoopbackHost(hostname);
  const shown = publicHost?.trim() || (remote ? hostname! : '127.0.0.1');
  return { docker: new (dockerode())(options), where, remote, publicHost: shown.includes(':') && !shown.startsWith('[') ? `[${shown}]` : shown };
}

/** Why the engine at `where` did not answer, and how to get one going. */
export function unavailableReason(where: string, cause: unknown): string {
  const detail = cause instanceof Error ? (cause.name === 'TimeoutError' ? `no answer in ${PING_TIMEOUT_MS / 1000} s` : cause.message) : String(cause);
  return (
    `no Docker engine answers at ${where} (${detail}). Start Docker (Docker Desktop, or on Linux ` +
    '`sudo systemctl start docker`, or `sudo dockerd &`), or set docker.host in settings (or DOCKER_HOST) to where your engine runs'
  );
}

/** Pings the engine; never throws. */
export async function ping(conn: DockerConnection): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    // dockerode takes an abort signal here; its published types only know the callback form.
    const pingWith = conn.docker.ping as unknown as (this: Docker, opts: { abortSignal: AbortSignal }) => Promise<unknown>;
    await pingWith.call(conn.docker, { abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: unavailableReason(conn.where, err) };
  }
}

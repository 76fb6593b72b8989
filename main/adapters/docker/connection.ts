import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { loadLater } from '../load-later';
import { defaultSshUser, sshAdvice, sshOptions } from './ssh-options';

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

/** The file names `docker --tlsverify` looks for, said when a file given is not one. */
const PEM_NAMES: Record<string, string> = { CA: 'ca.pem', certificate: 'cert.pem', key: 'key.pem' };

function tlsFiles(tls: EngineAddress['tls']): Pick<Docker.DockerOptions, 'ca' | 'cert' | 'key'> {
  if (tls) {
    const read = (what: string, path: string) => {
      let pem: Buffer;
      try {
        pem = readFileSync(path);
      } catch (err) {
        throw new Error(`the engine's TLS ${what} file ${path} cannot be read (${(err as Error).message}); fix its path in Settings → Docker engines`, { cause: err });
      }
      // Said here, by name: TLS itself would only say "no start line" about one of the three.
      if (!pem.includes('-----BEGIN')) {
        throw new Error(`the engine's TLS ${what} file ${path} is not a PEM file (no -----BEGIN line); give the ${what} file the engine's certificates came with (${PEM_NAMES[what]})`);
      }
      return pem;
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
        // As ssh would: this machine's user when the address names none.
        username: decodeURIComponent(url.username) || defaultSshUser(),
        sshOptions: sshOptions(url.hostname, Number(url.port || 22)),
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

/** What to do when TLS with an engine failed, from the error's words; undefined when it is not a TLS failure. */
function tlsAdvice(detail: string, code: string | undefined): string | undefined {
  const text = `${code ?? ''} ${detail}`;
  if (/ALTNAME|altnames|does not match certificate/i.test(text)) {
    return "the engine's certificate does not name the host in its address: reach it by a name or IP address its certificate lists (subjectAltName), or give the engine a certificate for this one";
  }
  if (/SELF_SIGNED|self.signed|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|unable to verify|certificate chain/i.test(text)) {
    return "the engine's certificate is not signed by the CA file given (or no CA file is set): give the CA that signed it, with the client certificate and key, in Settings → Docker engines";
  }
  if (/certificate required|bad certificate|unknown ca|alert/i.test(text)) {
    return "the engine refused this machine's client certificate (or got none): give the client certificate and key signed by the CA the engine trusts (its --tlscacert)";
  }
  if (/CERT_HAS_EXPIRED|expired/i.test(text)) return "a certificate has expired: renew the engine's or the client's";
  if (/wrong version number|EPROTO|packet length too long/i.test(text)) {
    return 'the engine does not speak TLS on this port: use tcp://HOST:2375 without TLS files for an engine without TLS (on a network you trust), or turn TLS on there (--tlsverify, port 2376)';
  }
  if (/HTTP request to an HTTPS server/i.test(text)) {
    return "the engine speaks TLS on this port: use port 2376, or give the engine's CA, client certificate and key";
  }
  return undefined;
}

function isRemoteWhere(where: string): boolean {
  if (where.startsWith('ssh://')) return true;
  if (!where.startsWith('tcp://')) return false;
  try {
    return !isLoopbackHost(new URL(where).hostname);
  } catch {
    return true;
  }
}

/**
 * Why the engine at `where` did not answer, and what to do: for this machine's engine, how to
 * start Docker; for another machine's, what of the address, the network, TLS or SSH to check.
 */
export function unavailableReason(where: string, cause: unknown): string {
  const err = cause as { name?: string; code?: string; message?: string } | undefined;
  const detail = cause instanceof Error ? (cause.name === 'TimeoutError' ? `no answer in ${PING_TIMEOUT_MS / 1000} s` : cause.message) : String(cause);
  const head = `no Docker engine answers at ${where} (${detail})`;
  if (where.startsWith('ssh://')) {
    return `${head}. ${sshAdvice(where, detail)}`;
  }
  const tls = tlsAdvice(detail, err?.code);
  if (tls) return `${head}: ${tls}`;
  if (isRemoteWhere(where)) {
    const { hostname, port } = new URL(where);
    return (
      `${head}. Check that dockerd runs on ${hostname} and listens on port ${port || 2375} (dockerd -H tcp://0.0.0.0:${port || 2375}` +
      `${port === '2376' ? ' --tlsverify with its certificates' : ''}), that this machine can reach it (a firewall, a VPN), and its address in Settings → Docker engines`
    );
  }
  return (
    `${head}. Start Docker (Docker Desktop, or on Linux ` +
    '`sudo systemctl start docker`, or `sudo dockerd &`), or set docker.host in settings (or DOCKER_HOST) to where your engine runs'
  );
}

/** Pings the engine; never throws. */
export async function ping(conn: DockerConnection): Promise<{ ok: true } | { ok: false; reason: string }> {
  const timedOut = () => Object.assign(new Error('timed out'), { name: 'TimeoutError' });
  let timer: NodeJS.Timeout | undefined;
  try {
    // dockerode takes an abort signal here; its published types only know the callback form.
    const pingWith = conn.docker.ping as unknown as (this: Docker, opts: { abortSignal: AbortSignal }) => Promise<unknown>;
    // The race bounds it where the abort does not reach: over ssh:// the request waits for the
    // SSH handshake, which a host that accepts the connection and says nothing holds for 20 s.
    await Promise.race([
      pingWith.call(conn.docker, { abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) }),
      new Promise((_, reject) => (timer = setTimeout(() => reject(timedOut()), PING_TIMEOUT_MS + 100))),
    ]);
    return { ok: true };
  } catch (err) {
    // dockerode reports the timeout's abort as a plain AbortError: said as the timeout it was.
    return { ok: false, reason: unavailableReason(conn.where, (err as Error).name === 'AbortError' ? timedOut() : err) };
  } finally {
    clearTimeout(timer);
  }
}

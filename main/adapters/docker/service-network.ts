import type Docker from 'dockerode';
import { LABEL } from './labels';

/**
 * The bridge network services join to reach each other. A service publishes its port on the
 * host's 127.0.0.1, which a container cannot reach (its own 127.0.0.1 is itself), so a router
 * in one container reaches a model server in another by container name on this network.
 */
export const SERVICE_NETWORK = 'pipewright-services';

/** The name containers on the service network give this machine (Docker's host-gateway). */
export const HOST_ALIAS = 'host.docker.internal';

function isConflict(err: unknown): boolean {
  const e = err as { statusCode?: number; message?: string };
  return e?.statusCode === 409 || /already exists|already attached|endpoint with name .* already exists/i.test(e?.message ?? '');
}

/** Makes the service network when it is missing (two runs may race: the loser finds it made). */
export async function ensureServiceNetwork(docker: Docker): Promise<void> {
  const found = await docker.listNetworks({ filters: { name: [SERVICE_NETWORK] } });
  if (found.some((n) => n.Name === SERVICE_NETWORK)) return;
  await docker
    .createNetwork({ Name: SERVICE_NETWORK, Driver: 'bridge', CheckDuplicate: true, Labels: { [LABEL.role]: 'network' } })
    .catch((err: unknown) => {
      if (!isConflict(err)) throw err;
    });
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || h === '0.0.0.0' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

function defaultPort(u: URL): number {
  return Number(u.port || (u.protocol === 'https:' ? 443 : 80));
}

/** The URL without the slash URL adds after a bare host, so `http://h:1` stays `http://h:1`. */
function written(u: URL, original: string): string {
  const text = u.toString();
  return text.endsWith('/') && !original.endsWith('/') ? text.slice(0, -1) : text;
}

/** See DockerApi.urlFromServices. */
export async function urlFromServices(docker: Docker, url: string): Promise<{ url: string; note?: string }> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url };
  }
  if (!isLoopback(u.hostname)) return { url };
  const port = defaultPort(u);
  const running = await docker.listContainers({ filters: { label: [`${LABEL.role}=service`], status: ['running'] } });
  for (const c of running) {
    const published = c.Ports?.find((p) => p.PublicPort === port && (p.IP === '127.0.0.1' || p.IP === '0.0.0.0'));
    if (!published) continue;
    const name = (c.Names?.[0] ?? c.Id).replace(/^\//, '');
    await ensureServiceNetwork(docker);
    if (!c.NetworkSettings?.Networks?.[SERVICE_NETWORK]) {
      await docker
        .getNetwork(SERVICE_NETWORK)
        .connect({ Container: c.Id })
        .catch((err: unknown) => {
          if (!isConflict(err)) throw err;
        });
    }
    u.hostname = name;
    u.port = String(published.PrivatePort);
    return { url: written(u, url) };
  }
  u.hostname = HOST_ALIAS;
  const inside = written(u, url);
  return {
    url: inside,
    note: `${url} is on this machine but is no Pipewright service: a container reaches it as ${inside}, which works only when that server listens on all addresses, not just 127.0.0.1 (Ollama: OLLAMA_HOST=0.0.0.0)`,
  };
}

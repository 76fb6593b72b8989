import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { NodeError, waitForHttp, type ComposeOptions, type ComposeStack } from '../../../nodes/sdk';
import { parseYamlDocuments } from '../../../nodes/sdk/node/yaml';
import { ComposeFailed, type ComposeCli } from './compose-cli';
import type { DockerConnection } from './connection';
import { configHash, containerName, LABEL, type Owner } from './labels';
import { containerLogs } from './logs';
import { refuseUnsandboxedCompose } from './compose-sandbox';

/** Compose's own label naming a container's project: how a stack's containers are found. */
export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';
/** LABEL.kind on a stack's containers. */
export const COMPOSE_KIND = 'compose';

export interface ServiceConfig {
  deploy?: { replicas?: number; labels?: Record<string, string> | string[]; placement?: { constraints?: string[] } };
  image?: string;
  build?: unknown;
  ports?: (string | number | { target?: number; published?: number | string })[];
}

/** The project name compose gets: v1 drops every character outside [a-z0-9_-]. */
export function composeProject(owner: Pick<Owner, 'projectId' | 'nodeId'>): string {
  return containerName(owner).replace(/[^a-z0-9_-]+/g, '-');
}

/** Compose's complaint, shortened to the lines that say what is wrong (they name the field). */
export function complaint(output: string): string {
  return output
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.replace(/^ERROR:\s*/, '').trim())
    .filter((l) => l && !/^You might be seeing|^For more on the Compose|^Compose file format|^https?:/.test(l))
    .slice(0, 4)
    .join(' ');
}

export function containerPort(svc: ServiceConfig): number | undefined {
  for (const p of svc.ports ?? []) {
    if (typeof p === 'object' && p.target) return p.target;
    const m = /(\d+)(?:\/\w+)?$/.exec(String(p));
    if (m) return Number(m[1]);
  }
  return undefined;
}

export function repository(image: string): string {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** The containers of compose project `project`, running or not. */
function stackContainers(docker: Docker, project: string) {
  return docker.listContainers({ all: true, filters: { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] } });
}

/**
 * Removes every container and network of compose project `project` through the engine (no compose
 * CLI needed): how the Services panel stops a stack. Named volumes stay, with the data in them.
 */
export async function removeComposeProject(docker: Docker, project: string): Promise<number> {
  const list = await stackContainers(docker, project);
  await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  const networks = await docker.listNetworks({ filters: { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] } });
  await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
  return list.length;
}

export interface ComposeDeps {
  docker: Docker;
  conn: DockerConnection;
  cli: ComposeCli;
  log: (line: string) => void;
}

/** See DockerApi.composeUp. */
export async function composeUp(deps: ComposeDeps, owner: Owner, opts: ComposeOptions): Promise<ComposeStack> {
  const { docker, cli, log } = deps;
  const started = Date.now();
  if (!existsSync(opts.file)) {
    throw new NodeError(`no compose file at ${opts.file}`, 'Write one (the iac node writes compose.yaml next to the app) or set the file param to its name.');
  }
  const dir = dirname(opts.file);
  const file = basename(opts.file);
  const project = composeProject(owner);
  const run = (args: string[], signal?: AbortSignal) => cli.run(['-p', project, ...args], { cwd: dir, env: opts.env, signal });

  let configText: string;
  try {
    configText = (await run(['-f', file, 'config'], opts.signal)).stdout;
  } catch (err) {
    if (!(err instanceof ComposeFailed)) throw err;
    throw new NodeError(`compose file ${opts.file} is invalid: ${complaint(err.output)}`, err.output);
  }
  const config = (parseYamlDocuments(configText)[0]?.data ?? {}) as { version?: string; services?: Record<string, ServiceConfig> };
  const services = config.services ?? {};
  const names = Object.keys(services);
  if (!names.length) throw new NodeError(`compose file ${opts.file} has no services; add the app under services:`);
  // Before anything is built or started: compose would do what the file says with the engine's full power.
  refuseUnsandboxedCompose(config as Parameters<typeof refuseUnsandboxedCompose>[0], dir, opts.file);

  if (names.some((n) => services[n].build)) {
    log(`${cli.name}: building the images of ${names.filter((n) => services[n].build).join(', ')}\n`);
    try {
      await run(['-f', file, 'build'], opts.signal);
    } catch (err) {
      if (!(err instanceof ComposeFailed)) throw err;
      throw new NodeError(`building the images of ${opts.file} failed: ${complaint(err.output.split('\n').slice(-4).join('\n'))}`, err.output.split('\n').slice(-30).join('\n'));
    }
  }
  // The image each service runs: a setting's in place of a public default, or the one compose built.
  const imageOf = (name: string): string => {
    const svc = services[name];
    if (svc.build) return svc.image ?? `${project}_${name}`;
    const repo = repository(svc.image ?? '');
    return opts.images?.[repo] ?? svc.image ?? '';
  };
  // Compose v1 names a built image <project>_<service>, v2 <project>-<service>.
  const idOf = async (n: string): Promise<string> => {
    const refs = services[n].build && !services[n].image ? [`${project}_${n}`, `${project}-${n}`] : [imageOf(n)];
    for (const ref of refs) {
      const id = await docker.getImage(ref).inspect().then((i) => i.Id, () => undefined);
      if (id) return id;
    }
    return refs[0];
  };
  const imageIds = await Promise.all(names.map(idOf));
  const hash = configHash({ config: configText, imageIds, keep: opts.keep });

  const existing = await stackContainers(docker, project);
  const current = names.map((n) => existing.find((c) => c.Labels[COMPOSE_SERVICE_LABEL] === n));
  const reused = current.every((c) => c?.State === 'running' && c.Labels[LABEL.config] === hash);

  if (!reused) {
    const overrideDir = await mkdtemp(join(tmpdir(), 'pipewright-compose-'));
    const override = join(overrideDir, 'pipewright.override.json');
    const labelled: Record<string, unknown> = {};
    for (const n of names) {
      const port = containerPort(services[n]);
      labelled[n] = {
        ...(services[n].build ? {} : { image: imageOf(n) }),
        labels: {
          [LABEL.project]: owner.projectId,
          [LABEL.node]: owner.nodeId,
          [LABEL.run]: owner.runId,
          [LABEL.role]: 'service',
          [LABEL.config]: hash,
          [LABEL.keep]: String(opts.keep),
          [LABEL.name]: `${opts.name}/${n}`,
          [LABEL.kind]: COMPOSE_KIND,
          ...(port ? { [LABEL.port]: String(port) } : {}),
        },
      };
    }
    // JSON is YAML; the version must match the file's or compose v1 refuses to merge them.
    await writeFile(override, JSON.stringify({ ...(config.version ? { version: config.version } : {}), services: labelled }));
    try {
      log(`${cli.name}: starting ${names.join(', ')} as project ${project}\n`);
      await run(['-f', file, '-f', override, 'up', '-d', '--remove-orphans'], opts.signal);
    } catch (err) {
      await takeDown(deps, run);
      if (err instanceof ComposeFailed) throw new NodeError(`${cli.name} up failed for ${opts.file}: ${complaint(err.output.split('\n').slice(-4).join('\n'))}`, err.output);
      throw err;
    } finally {
      await rm(overrideDir, { recursive: true, force: true });
    }
  }
  const upMs = Date.now() - started;
  try {
    const result = await waitHealthy(deps, project, names, opts, new Set(names.filter((n) => services[n].ports?.length)));
    const list = names.map((n) => ({ ...result[n], service: n, image: imageOf(n), built: Boolean(services[n].build) }));
    const app = opts.app ? await appAnswers(docker, list, opts.app, opts) : undefined;
    return {
      project,
      services: app ? [app, ...list.filter((x) => x !== app)] : list,
      reused,
      cli: cli.name,
      upMs,
      healthyMs: Date.now() - started - upMs,
    };
  } catch (err) {
    await takeDown(deps, run);
    throw err;
  }
}

/** The app of the stack (see ComposeOptions.app), once it answers its path with 2xx. */
async function appAnswers<T extends { service: string; url?: string; built: boolean; containerId: string }>(docker: Docker, list: T[], app: NonNullable<ComposeOptions['app']>, opts: ComposeOptions): Promise<T> {
  const found = app.service ? list.find((x) => x.service === app.service) : (list.find((x) => x.built && x.url) ?? list.find((x) => x.url));
  if (app.service && !found) throw new NodeError(`param app names service "${app.service}", but ${opts.file} has only ${list.map((x) => x.service).join(', ')}`);
  if (!found?.url) {
    const who = found ? `service ${found.service} of ${opts.file} publishes no port` : `no service of ${opts.file} publishes a port`;
    throw new NodeError(`${who}, so the app has no URL`, 'Publish the app\'s port (ports: ["127.0.0.1:8000:8000"]) or set param app.');
  }
  const path = app.path.startsWith('/') ? app.path : `/${app.path}`;
  const answered = await waitForHttp({ url: `${found.url}${path}`, timeoutMs: opts.healthTimeoutMs ?? 120_000, signal: opts.signal, intervalMs: 200 });
  if (!answered.ok) {
    throw new NodeError(
      `the app (service ${found.service} of ${opts.file}) did not answer 2xx on ${path}: ${answered.last}`,
      `${await tailOf(docker, found.containerId, found.service, 'running', undefined)}\nCheck healthPath and the port the app listens on.`,
    );
  }
  return found;
}

/** `down -t 1`: a PID 1 that ignores SIGTERM would otherwise hold each stop for 10 s. Volumes stay. */
async function takeDown(deps: ComposeDeps, run: (args: string[]) => Promise<unknown>): Promise<void> {
  await run(['down', '-t', '1', '--remove-orphans']).catch((err: unknown) => {
    deps.log(`could not take the stack down: ${(err as Error).message}\n`);
  });
}

type Health = Omit<ComposeStack['services'][number], 'service' | 'image' | 'built'>;

/** The last line a container's healthcheck printed, with its exit code: what a person would ask for first. */
function lastCheck(info: Docker.ContainerInspectInfo): string | undefined {
  const last = (info.State.Health as { Log?: { ExitCode: number; Output: string }[] } | undefined)?.Log?.at(-1);
  if (!last) return undefined;
  const line = last.Output.replace(/\r/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
  return `exit ${last.ExitCode}${line ? `: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}` : ', no output'}`;
}

/** What a service that never became healthy said: its last healthcheck and the end of its log. */
async function tailOf(docker: Docker, id: string, service: string, state: string, check: string | undefined): Promise<string> {
  const logs = (await containerLogs(docker.getContainer(id), LOG_TAIL)).trimEnd();
  return [`--- ${service} (${state})${check ? `, last check: ${check}` : ''}; the end of its log:`, logs || '(it printed nothing)'].join('\n');
}

/** Lines of a failing service's log kept with the error: enough for a traceback. */
const LOG_TAIL = 30;

async function waitHealthy(deps: ComposeDeps, project: string, names: string[], opts: ComposeOptions, publishes: Set<string>): Promise<Record<string, Health>> {
  const { docker, conn } = deps;
  const deadline = Date.now() + (opts.healthTimeoutMs ?? 120_000);
  for (;;) {
    if (opts.signal?.aborted) {
      const err = new Error('cancelled while waiting for the stack to become healthy');
      err.name = 'AbortError';
      throw err;
    }
    const list = await stackContainers(docker, project);
    const ready: Record<string, Health> = {};
    const waiting: { name: string; id: string; state: string; check?: string }[] = [];
    for (const n of names) {
      const c = list.find((x) => x.Labels[COMPOSE_SERVICE_LABEL] === n);
      if (!c) throw new NodeError(`service ${n} of ${opts.file} has no container after up`);
      const info = await docker.getContainer(c.Id).inspect();
      const health = info.State.Health?.Status;
      // A crash under `restart: unless-stopped` (as iac writes it) reads as Running while Docker restarts it.
      if (info.State.Restarting) {
        throw new NodeError(
          `service ${n} of ${opts.file} did not come up: it exited with code ${info.State.ExitCode} and Docker keeps restarting it`,
          await tailOf(docker, c.Id, n, 'restarting', undefined),
        );
      }
      if (!info.State.Running || health === 'unhealthy') {
        const check = lastCheck(info);
        const why = info.State.Running ? `its healthcheck reports it unhealthy${check ? ` (last check: ${check})` : ''}` : `it exited with code ${info.State.ExitCode}`;
        throw new NodeError(`service ${n} of ${opts.file} did not come up: ${why}`, await tailOf(docker, c.Id, n, info.State.Running ? 'unhealthy' : 'exited', check));
      }
      if (health && health !== 'healthy') {
        waiting.push({ name: n, id: c.Id, state: health, check: lastCheck(info) });
        continue;
      }
      const binding = Object.values(info.NetworkSettings.Ports ?? {}).flatMap((b) => b ?? []).find((b) => b.HostPort);
      if (!binding && publishes.has(n)) {
        // Its ports are published but not bound yet: without the binding the app would have no URL.
        waiting.push({ name: n, id: c.Id, state: 'port not bound yet' });
        continue;
      }
      ready[n] = {
        containerId: info.Id,
        containerName: info.Name.replace(/^\//, ''),
        health: health ? 'healthy' : 'running',
        ...(binding ? { url: `http://${conn.publicHost}:${binding.HostPort}` } : {}),
      };
    }
    if (!waiting.length) return ready;
    if (Date.now() > deadline) {
      const tails = await Promise.all(waiting.map((w) => tailOf(docker, w.id, w.name, w.state, w.check)));
      throw new NodeError(
        `the stack of ${opts.file} was not healthy in ${Math.round((opts.healthTimeoutMs ?? 120_000) / 1000)} s: still waiting for ${waiting
          .map((w) => `${w.name} (${w.state}${w.check ? `, last check: ${w.check}` : ''})`)
          .join(', ')}`,
        `${tails.join('\n')}\nCheck the healthcheck of each service named (its path, port and command), or give it longer with healthTimeoutMs.`,
      );
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}

import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type Docker from 'dockerode';
import { NodeError, waitForHttp, type ComposeOptions, type ComposeStack } from '../../../nodes/sdk';
import { parseYamlDocuments } from '../../../nodes/sdk/node/yaml';
import { complaint, composeProject, containerPort, repository, type ComposeDeps, type ServiceConfig } from './compose';
import { ComposeFailed, dockerCli } from './compose-cli';
import { configHash, LABEL, ownerLabels, type Owner } from './labels';
import { nodeAddress, SWARM_KIND, swarmNodes, swarmRole } from './swarm';
import { refuseUnsandboxedCompose } from './compose-sandbox';

/** Swarm's label naming the stack a service, network or task belongs to. */
export const STACK_LABEL = 'com.docker.stack.namespace';
const POLL_MS = 500;
const REUSE_CHECK_MS = 3000;

export interface StackDeps extends ComposeDeps {
  /**
   * Puts an image on the swarm's other nodes whose engines are configured; false when some
   * ready node could not get it (no engine configured for it).
   */
  distribute: (ref: string, imageId: string) => Promise<boolean>;
}

interface Task {
  NodeID?: string;
  Spec?: { ContainerSpec?: { Labels?: Record<string, string> } };
  Status?: { State?: string; Err?: string; PortStatus?: { Ports?: { TargetPort?: number; PublishedPort?: number }[] } };
}

type StackService = ComposeStack['services'][number];

/** The services of stack `namespace`. */
function stackServices(docker: Docker, namespace: string): Promise<Docker.Service[]> {
  return docker.listServices({ filters: { label: [`${STACK_LABEL}=${namespace}`] } } as Docker.ServiceListOptions);
}

/** Removes every service and network of stack `namespace` (what `docker stack rm` does). Volumes stay. */
export async function removeSwarmStack(docker: Docker, namespace: string): Promise<number> {
  const services = await stackServices(docker, namespace);
  await Promise.all(services.map((s) => docker.getService(s.ID).remove().catch(() => undefined)));
  // A network is busy until its tasks' containers have stopped, here and on the other nodes.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const networks = await docker.listNetworks({ filters: { label: [`${STACK_LABEL}=${namespace}`] } });
    if (!networks.length || Date.now() > deadline) break;
    await Promise.all(networks.map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
    await new Promise((r) => setTimeout(r, 500));
  }
  return services.length;
}

/** `8000`, `"8080:80/tcp"`, `"127.0.0.1:8000:8000"` or the long form, as the long form Swarm takes. */
function portSpec(p: NonNullable<ServiceConfig['ports']>[number], mode: 'ingress' | 'host'): Record<string, unknown> | undefined {
  if (typeof p === 'object') return p.target ? { target: p.target, ...(p.published ? { published: Number(p.published) } : {}), protocol: 'tcp', mode } : undefined;
  const m = /^(?:[\d.]+:)?(?:(\d+):)?(\d+)(?:\/(\w+))?$/.exec(String(p));
  if (!m) return undefined;
  return { target: Number(m[2]), ...(m[1] ? { published: Number(m[1]) } : {}), protocol: m[3] ?? 'tcp', mode };
}

/** Each running task of a service with its URL: on its node's address (host mode) or the mesh's port. */
async function replicaUrls(docker: Docker, service: Docker.Service, publicHost: string): Promise<{ running: number; urls: string[]; errors: string[] }> {
  const port = Number(service.Spec?.Labels?.[LABEL.port]) || undefined;
  const [tasks, nodes, inspected] = await Promise.all([
    docker.listTasks({ filters: { service: [service.ID], 'desired-state': ['running'] } } as object) as Promise<Task[]>,
    swarmNodes(docker),
    docker.getService(service.ID).inspect() as Promise<Docker.Service>,
  ]);
  // During a rolling update the tasks of the spec before still run: only the current spec's count.
  const hash = inspected.Spec?.Labels?.[LABEL.config];
  const running = tasks.filter((t) => t.Status?.State === 'running' && t.Spec?.ContainerSpec?.Labels?.[LABEL.config] === hash);
  const ingress = inspected.Endpoint?.Ports?.find((p) => p.TargetPort === port && p.PublishMode !== 'host')?.PublishedPort;
  const urls = running.flatMap((t) => {
    const host = t.Status?.PortStatus?.Ports?.find((p) => p.TargetPort === port)?.PublishedPort;
    if (host) return [`http://${nodeAddress(nodes.get(t.NodeID ?? '')) ?? publicHost}:${host}`];
    return ingress ? [`http://${publicHost}:${ingress}`] : [];
  });
  const errors = tasks.map((t) => t.Status?.Err).filter((e): e is string => Boolean(e));
  return { running: running.length, urls: [...new Set(urls)], errors };
}

/**
 * Waits until every service of the stack runs all the tasks it wants, then until the app
 * answers its health path on each of its replicas' URLs.
 */
async function waitStack(
  deps: StackDeps,
  namespace: string,
  names: string[],
  app: string | undefined,
  opts: ComposeOptions,
  timeoutMs: number,
): Promise<{ ok: true; found: Record<string, { service: Docker.Service; urls: string[] }> } | { ok: false; why: string }> {
  const { docker, conn } = deps;
  const began = Date.now();
  let why = 'no task started yet';
  while (Date.now() - began < timeoutMs) {
    if (opts.signal?.aborted) {
      const err = new Error('cancelled while waiting for the swarm stack to become healthy');
      err.name = 'AbortError';
      throw err;
    }
    const services = await stackServices(docker, namespace);
    const found: Record<string, { service: Docker.Service; urls: string[] }> = {};
    const waiting: string[] = [];
    for (const n of names) {
      const service = services.find((s) => s.Spec?.Name === `${namespace}_${n}`);
      const wanted = (service?.Spec?.Mode as { Replicated?: { Replicas?: number } } | undefined)?.Replicated?.Replicas ?? 1;
      const state = service && (await replicaUrls(docker, service, conn.publicHost));
      if (!service || !state || state.running < wanted) {
        waiting.push(`${n} (${state?.running ?? 0} of ${wanted} tasks running${state?.errors.length ? `: ${[...new Set(state.errors)].slice(-2).join('; ')}` : ''})`);
        continue;
      }
      found[n] = { service, urls: state.urls };
    }
    if (!waiting.length) {
      if (!opts.app) return { ok: true, found };
      if (!app || !found[app].urls.length) {
        throw new NodeError(`${app ? `service ${app} of ${opts.file} publishes no port` : `no service of ${opts.file} publishes a port`}, so the app has no URL`, 'Publish the app\'s port (ports: ["8000:8000"]) or set param app.');
      }
      const path = opts.app.path.startsWith('/') ? opts.app.path : `/${opts.app.path}`;
      const left = Math.max(1000, timeoutMs - (Date.now() - began));
      const checks = await Promise.all(found[app].urls.map((u) => waitForHttp({ url: `${u}${path}`, timeoutMs: left, signal: opts.signal, intervalMs: 200 })));
      const bad = checks.findIndex((c) => !c.ok);
      if (bad < 0) return { ok: true, found };
      return { ok: false, why: `the app (service ${app}) did not answer 2xx on ${found[app].urls[bad]}${path}: ${(checks[bad] as { last?: string }).last ?? 'no answer'}` };
    }
    why = `still waiting for ${waiting.join(', ')}`;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return { ok: false, why };
}

/** See DockerApi.composeUp with target swarm: the compose file deployed as a Docker Swarm stack. */
export async function stackDeploy(deps: StackDeps, owner: Owner, opts: ComposeOptions): Promise<ComposeStack> {
  const { docker, cli, log } = deps;
  const started = Date.now();
  const role = await swarmRole(docker);
  if (!role.manager) {
    throw new NodeError(
      `target swarm needs a Docker Swarm manager, but this engine is not one (its swarm state: ${role.state})`,
      'Make it one (docker swarm init) or set the target param to compose.',
    );
  }
  if (!existsSync(opts.file)) {
    throw new NodeError(`no compose file at ${opts.file}`, 'Write one (the iac node writes compose.yaml next to the app) or set the file param to its name.');
  }
  const dir = dirname(opts.file);
  const file = basename(opts.file);
  const namespace = composeProject(owner);
  const run = (args: string[]) => cli.run(['-p', namespace, '-f', file, ...args], { cwd: dir, env: opts.env, signal: opts.signal });
  let configText: string;
  try {
    configText = (await run(['config'])).stdout;
  } catch (err) {
    if (!(err instanceof ComposeFailed)) throw err;
    throw new NodeError(`compose file ${opts.file} is invalid: ${complaint(err.output)}`, err.output);
  }
  const parsed = (parseYamlDocuments(configText)[0]?.data ?? {}) as { services?: Record<string, ServiceConfig> };
  const services = parsed.services ?? {};
  const names = Object.keys(services);
  if (!names.length) throw new NodeError(`compose file ${opts.file} has no services; add the app under services:`);
  refuseUnsandboxedCompose(parsed as Parameters<typeof refuseUnsandboxedCompose>[0], dir, opts.file);
  if (opts.app?.service && !names.includes(opts.app.service)) throw new NodeError(`param app names service "${opts.app.service}", but ${opts.file} has only ${names.join(', ')}`);
  if (names.some((n) => services[n].build)) {
    log(`${cli.name}: building the images of ${names.filter((n) => services[n].build).join(', ')}\n`);
    try {
      await run(['build']);
    } catch (err) {
      if (!(err instanceof ComposeFailed)) throw err;
      throw new NodeError(`building the images of ${opts.file} failed: ${complaint(err.output.split('\n').slice(-4).join('\n'))}`, err.output.split('\n').slice(-30).join('\n'));
    }
  }
  // Swarm pulls nothing built here: each service names an image the nodes have (compose v1 tags a built one <project>_<service>).
  const imageOf = (n: string) => services[n].image ?? (services[n].build ? `${namespace}_${n}` : '');
  const images = names.map((n) => (services[n].build ? imageOf(n) : (opts.images?.[repository(imageOf(n))] ?? imageOf(n))));
  const imageIds = await Promise.all(images.map((ref) => docker.getImage(ref).inspect().then((i) => i.Id, () => undefined)));
  let everywhere = true;
  for (const [i, ref] of images.entries()) if (imageIds[i]) everywhere = (await deps.distribute(ref, imageIds[i])) && everywhere;
  const app = opts.app?.service ?? names.find((n) => services[n].build && containerPort(services[n])) ?? names.find((n) => containerPort(services[n]));
  const mode = opts.publishMode ?? 'ingress';
  const hash = configHash({ config: configText, imageIds, keep: opts.keep, mode, replicas: opts.replicas, everywhere });

  const existing = await stackServices(docker, namespace);
  const current = names.every((n) => existing.find((s) => s.Spec?.Name === `${namespace}_${n}`)?.Spec?.Labels?.[LABEL.config] === hash);
  const reused = current && (await waitStack(deps, namespace, names, app, opts, REUSE_CHECK_MS)).ok;
  if (reused) log(`reusing swarm stack ${namespace} (same configuration, every task running)\n`);
  else {
    if (existing.length) log(`updating swarm stack ${namespace}: ${current ? 'it runs the same configuration but is not healthy' : 'its configuration changed'}\n`);
    if (!everywhere) log(`placing the stack's tasks on the manager only: the other nodes cannot get images built here\n`);
    const stack: Record<string, unknown> = {};
    for (const [i, n] of names.entries()) {
      const { build: _build, ports, deploy, container_name: _name, labels, ...rest } = services[n] as ServiceConfig & { container_name?: string; labels?: Record<string, string> | string[] };
      const port = containerPort(services[n]);
      const replicas = n === app && opts.replicas ? opts.replicas : deploy?.replicas;
      stack[n] = {
        // As build-deploy's swarm services: an init as PID 1 passes SIGTERM on, so tasks stop at once.
        init: true,
        ...rest,
        image: images[i],
        // On the containers too: a changed hash changes the task spec, so Swarm replaces the tasks
        // even when only the image behind an unchanged tag is new.
        labels: { ...(Array.isArray(labels) ? Object.fromEntries(labels.map((l) => l.split('=', 2))) : labels), [LABEL.config]: hash },
        ...(ports?.length ? { ports: ports.map((p) => portSpec(p, mode)).filter(Boolean) } : {}),
        deploy: {
          ...deploy,
          ...(replicas ? { replicas } : {}),
          labels: {
            ...ownerLabels(owner, 'service'),
            [LABEL.config]: hash,
            [LABEL.keep]: String(opts.keep),
            [LABEL.name]: `${opts.name}/${n}`,
            [LABEL.kind]: SWARM_KIND,
            ...(port ? { [LABEL.port]: String(port) } : {}),
          },
          ...(everywhere ? {} : { placement: { ...deploy?.placement, constraints: [...(deploy?.placement?.constraints ?? []), 'node.role == manager'] } }),
        },
      };
    }
    const tmp = await mkdtemp(join(tmpdir(), 'pipewright-stack-'));
    try {
      // JSON is YAML; 3.8 has every field written here (long port syntax, deploy labels).
      await writeFile(join(tmp, 'stack.json'), JSON.stringify({ version: '3.8', services: stack }));
      log(`docker stack deploy: ${names.join(', ')} as stack ${namespace} (${mode} publish mode)\n`);
      await dockerCli(['stack', 'deploy', '--resolve-image', 'never', '--prune', '-c', join(tmp, 'stack.json'), namespace], { cwd: dir, env: opts.env, signal: opts.signal });
    } catch (err) {
      await removeSwarmStack(docker, namespace);
      if (err instanceof ComposeFailed) throw new NodeError(`docker stack deploy failed for ${opts.file}: ${complaint(err.output)}`, err.output);
      throw err;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }
  const upMs = Date.now() - started;
  const timeoutMs = opts.healthTimeoutMs ?? 120_000;
  const health = await waitStack(deps, namespace, names, app, opts, timeoutMs).catch(async (err: unknown) => {
    await removeSwarmStack(docker, namespace);
    throw err;
  });
  if (!health.ok) {
    await removeSwarmStack(docker, namespace);
    throw new NodeError(`the swarm stack of ${opts.file} was not healthy in ${Math.round(timeoutMs / 1000)} s: ${health.why}`, 'Check each service named (its image, port and health path), or give it longer with healthTimeoutMs.');
  }
  const list: StackService[] = names.map((n, i) => {
    const { service, urls } = health.found[n];
    for (const u of urls) log(`${n}: replica answers on ${u}\n`);
    return { service: n, containerId: service.ID, containerName: service.Spec?.Name ?? service.ID, image: images[i], health: 'running', built: Boolean(services[n].build), urls, ...(urls[0] ? { url: urls[0] } : {}) };
  });
  const first = list.find((x) => x.service === app);
  return { project: namespace, services: first ? [first, ...list.filter((x) => x !== first)] : list, reused, cli: 'docker stack deploy', upMs, healthyMs: Date.now() - started - upMs };
}

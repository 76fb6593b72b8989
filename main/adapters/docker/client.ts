import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { NodeError, type BaseImageKind, type CapabilityScope, type DockerApi } from '../../../nodes/sdk';
import { buildImage } from './build';
import { composeCli } from './compose-cli';
import { removeSwarmStack, STACK_LABEL, stackDeploy } from './compose-swarm';
import { COMPOSE_KIND, COMPOSE_PROJECT_LABEL, composeUp, removeComposeProject } from './compose';
import { connect, ping, unavailableReason, type DockerConnection, type EngineAddress } from './connection';
import { copyImage } from './copy-image';
import { baseImagesOf } from './dockerfile-from';
import { DEFAULT_ENGINE } from './engine-name';
import { gpuSupport } from './gpu';
import { imageTag, LABEL, type Owner } from './labels';
import { containerLogs, demuxLogs } from './logs';
import { runSandboxed } from './sandbox';
import { removeNodeService, runService } from './service';
import { urlFromServices } from './service-network';
import { listOn, type ManagedContainer } from './managed-services';
import { deploySwarmService, removeNodeSwarmServices, swarmNodes, swarmRole } from './swarm';

export { DEFAULT_ENGINE, type ManagedContainer };

export interface DockerClientOptions {
  /** Read at each use, so a changed setting takes effect without a restart. */
  host: () => string | undefined;
  image: (kind: BaseImageKind) => string;
  /** Named engines (the docker.engines setting), read at each use. */
  engines?: () => Record<string, EngineAddress>;
  /** The engine a project runs on by name (the docker.projectEngines setting); the default one when none. */
  projectEngine?: (projectId: string) => string | undefined;
}

const CONNECTION_ERRORS = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTFOUND']);
const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ERR_SSL|EPROTO/;
const SSH_LEVELS = new Set(['client-socket', 'client-timeout', 'client-authentication', 'client-dns', 'handshake', 'protocol']);

/**
 * The Docker engines of one Pipewright host: the default one (the docker.host setting) and the
 * named ones in settings, each a connection remade when its setting changes; the scoped
 * DockerApi each node attempt gets (on its project's engine); and the listing and clean-up the
 * Services panel and the end of a run need, over every engine.
 */
export class DockerClient {
  private readonly conns = new Map<string, { key: string; conn: DockerConnection }>();
  /** Engines each run created something on, so runs that never touched Docker end without asking it. */
  private readonly touched = new Map<string, Set<string>>();

  constructor(private readonly options: DockerClientOptions) {}

  /** Every engine's name: the default one first. */
  engineNames(): string[] {
    return [DEFAULT_ENGINE, ...Object.keys(this.options.engines?.() ?? {}).filter((n) => n !== DEFAULT_ENGINE)];
  }

  private address(name: string): EngineAddress {
    if (name === DEFAULT_ENGINE) return { host: this.options.host() };
    const engines = this.options.engines?.() ?? {};
    const found = engines[name];
    if (!found) {
      const known = Object.keys(engines);
      throw new NodeError(
        `no Docker engine is named "${name}"; ${known.length ? `the engines are: ${[DEFAULT_ENGINE, ...known].join(', ')}` : 'none is configured besides the default one'}`,
        'Add it in Settings → Docker engines, or choose another engine.',
      );
    }
    return found;
  }

  /** The connection to engine `name` (remade when its setting changed). */
  connection(name = DEFAULT_ENGINE): DockerConnection {
    const address = this.address(name);
    const key = JSON.stringify(address);
    const cached = this.conns.get(name);
    if (cached?.key === key) return cached.conn;
    const conn = connect(address);
    this.conns.set(name, { key, conn });
    return conn;
  }

  get docker(): Docker {
    return this.connection().docker;
  }

  available(engine = DEFAULT_ENGINE): Promise<{ ok: true } | { ok: false; reason: string }> {
    let conn: DockerConnection;
    try {
      conn = this.connection(engine);
    } catch (err) {
      return Promise.resolve({ ok: false, reason: (err as Error).message });
    }
    return ping(conn);
  }

  /**
   * `docker info` of an engine described in full (Settings' Test button, before it is saved):
   * its version, operating system, CPUs, memory and swarm state, or why it did not answer.
   */
  static async test(address: EngineAddress): Promise<{ ok: true; summary: string } | { ok: false; reason: string }> {
    let conn: DockerConnection;
    try {
      conn = connect(address);
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
    const up = await ping(conn);
    if (!up.ok) return up;
    try {
      const info = (await conn.docker.info()) as {
        ServerVersion?: string;
        OperatingSystem?: string;
        NCPU?: number;
        MemTotal?: number;
        Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
        Runtimes?: Record<string, unknown>;
      };
      const swarm = info.Swarm?.LocalNodeState === 'active' ? (info.Swarm.ControlAvailable ? 'swarm manager' : 'swarm worker') : 'no swarm';
      const gpus = info.Runtimes?.nvidia ? ', NVIDIA runtime' : '';
      const memory = info.MemTotal ? `${(info.MemTotal / 1024 ** 3).toFixed(1)} GiB` : '? GiB';
      return {
        ok: true,
        summary: `Docker ${info.ServerVersion ?? '?'} on ${info.OperatingSystem ?? '?'} at ${conn.where}: ${info.NCPU ?? '?'} CPUs, ${memory}, ${swarm}${gpus}`,
      };
    } catch (err) {
      return { ok: false, reason: unavailableReason(conn.where, err) };
    }
  }

  /** Runs `fn` on an engine, turning "nothing listens there" into the message that says how to start Docker. */
  async withEngine<T>(fn: (docker: Docker, conn: DockerConnection) => Promise<T>, engine = DEFAULT_ENGINE): Promise<T> {
    const conn = this.connection(engine);
    try {
      return await fn(conn.docker, conn);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EACCES') {
        throw new NodeError(
          `permission denied on the Docker socket at ${conn.where}; add your user to the docker group (sudo usermod -aG docker $USER, then log in again) or set docker.host`,
        );
      }
      // Not reached, refused by TLS, or refused by SSH (its errors carry a level, not a code).
      const level = (err as { level?: string }).level;
      if ((code && (CONNECTION_ERRORS.has(code) || TLS_ERROR.test(code))) || (level && SSH_LEVELS.has(level))) {
        throw new NodeError(unavailableReason(conn.where, err));
      }
      throw err;
    }
  }

  /**
   * The DockerApi a node attempt gets: on its project's engine (or `engine`), everything it
   * creates labelled with its owner.
   */
  scoped(scope: CapabilityScope, engine?: string): DockerApi {
    const name = engine ?? (this.options.projectEngine?.(scope.projectId) || DEFAULT_ENGINE);
    const owner: Owner = { projectId: scope.projectId, nodeId: scope.placeId ?? scope.nodeId, runId: scope.runId };
    const log = (chunk: string) => scope.log(chunk, 'stdout');
    const touch = () => {
      const engines = this.touched.get(scope.runId) ?? new Set<string>();
      engines.add(name);
      this.touched.set(scope.runId, engines);
    };
    const on = <T>(fn: (docker: Docker, conn: DockerConnection) => Promise<T>) => this.withEngine(fn, name);
    return {
      available: () => this.available(name),
      defaultImage: (kind) => this.options.image(kind),
      gpuSupport: () => on((docker) => gpuSupport(docker)),
      urlFromServices: (url) => on((docker) => urlFromServices(docker, url)),
      build: (opts) =>
        on(async (docker) => {
          const dockerfile = await readFile(join(opts.context, opts.dockerfile ?? 'Dockerfile'), 'utf8').catch(() => '');
          for (const base of baseImagesOf(dockerfile)) await this.provide(name, base, log);
          return buildImage(docker, {
            context: opts.context,
            dockerfile: opts.dockerfile ?? 'Dockerfile',
            tag: imageTag(owner),
            labels: { [LABEL.project]: owner.projectId, [LABEL.node]: owner.nodeId, [LABEL.role]: 'image' },
            signal: opts.signal ?? scope.signal,
            log,
            progress: (p) => scope.progress?.(p),
          });
        }),
      runService: (opts) =>
        on(async (docker, conn) => {
          touch();
          await this.provide(name, opts.image, log);
          return runService(docker, owner, { ...opts, signal: opts.signal ?? scope.signal }, log, conn, (p) => scope.progress?.(p));
        }),
      removeService: async () =>
        (await this.available(name)).ok &&
        on(async (docker) => {
          const [containers, swarm] = await Promise.all([removeNodeService(docker, owner), removeNodeSwarmServices(docker, owner)]);
          return containers || swarm;
        }),
      runSandboxed: (opts) =>
        on(async (docker, conn) => {
          touch();
          await this.provide(name, opts.image, log);
          return runSandboxed(docker, owner, { ...opts, signal: opts.signal ?? scope.signal }, conn.remote);
        }),
      deploySwarm: (opts) =>
        on((docker, conn) => {
          touch();
          const distribute = async (ref: string, imageId: string) => void (await this.distributeImage(name, docker, ref, imageId, log));
          return deploySwarmService(docker, owner, { ...opts, signal: opts.signal ?? scope.signal }, log, conn, distribute);
        }),
      composeUp: (opts) =>
        on(async (docker, conn) => {
          if (conn.remote) {
            throw new NodeError(`compose stacks run on this machine's engine only, not on ${name} (${conn.where})`, 'Choose the default engine for this project, or deploy with Build & Deploy.');
          }
          // Asked first: the CLI would only say so in a Python traceback.
          const up = await ping(conn);
          if (!up.ok) throw new NodeError(up.reason);
          touch();
          const cli = await composeCli();
          // The compose and docker CLIs talk to the engine Pipewright talks to (docker.host), not
          // to the one the environment or the CLI's current context names.
          const env = { DOCKER_HOST: conn.where, ...opts.env };
          if (opts.target === 'swarm') {
            const distribute = async (ref: string, imageId: string) => this.distributeImage(name, docker, ref, imageId, log);
            return stackDeploy({ docker, conn, cli, log, distribute }, owner, { ...opts, env, signal: opts.signal ?? scope.signal });
          }
          return composeUp({ docker, conn, cli, log }, owner, { ...opts, env, signal: opts.signal ?? scope.signal });
        }),
      onEngine: (other) => {
        this.address(other);
        return this.scoped(scope, other);
      },
      engine: () => {
        const conn = this.connection(name);
        return { name, where: conn.where, remote: conn.remote };
      },
    };
  }

  /**
   * Copies image `ref` to engine `name` when that engine is on another machine, lacks it, and
   * this machine's engine has it: images built or loaded here (no registry needed) work there
   * too. Otherwise the engine pulls it as usual.
   */
  private async provide(name: string, ref: string, log: (line: string) => void): Promise<void> {
    if (name === DEFAULT_ENGINE) return;
    const there = this.connection(name);
    if (!there.remote || (await there.docker.getImage(ref).inspect().then(() => true, () => false))) return;
    const here = this.connection(DEFAULT_ENGINE);
    if (here.remote || !(await ping(here)).ok) return;
    if (!(await here.docker.getImage(ref).inspect().then(() => true, () => false))) return;
    const began = Date.now();
    await copyImage(here.docker, there.docker, ref);
    log(`copied ${ref} from this machine's engine to ${name} (${there.where}) in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
  }

  /**
   * Puts image `ref` (id `imageId`) on every other node of the manager's swarm whose engine is
   * configured here, copying it from the manager (no registry is assumed). Nodes with no
   * engine configured are named in the log: they need a registry to get it.
   */
  private async distributeImage(manager: string, docker: Docker, ref: string, imageId: string, log: (line: string) => void): Promise<boolean> {
    const self = (await swarmRole(docker)).nodeId;
    const nodes = await swarmNodes(docker);
    const reached = new Set([self]);
    for (const name of this.engineNames().filter((n) => n !== manager)) {
      const up = await this.available(name);
      if (!up.ok) continue;
      const other = this.connection(name).docker;
      const role = await swarmRole(other).catch(() => undefined);
      if (!role?.nodeId || !nodes.has(role.nodeId) || reached.has(role.nodeId)) continue;
      reached.add(role.nodeId);
      const there = await other.getImage(ref).inspect().then((i) => i.Id, () => undefined);
      if (there === imageId) continue;
      const began = Date.now();
      await copyImage(docker, other, ref);
      log(`copied ${ref} to swarm node ${nodes.get(role.nodeId)?.Description?.Hostname ?? role.nodeId} (engine ${name}) in ${((Date.now() - began) / 1000).toFixed(1)} s\n`);
    }
    const missed = [...nodes.values()].filter((n) => !reached.has(n.ID) && n.Status?.State === 'ready');
    if (missed.length) {
      log(
        `note: swarm node(s) ${missed.map((n) => n.Description?.Hostname ?? n.ID).join(', ')} have no engine configured in Settings, so ${ref} cannot be copied there; replicas placed there need it from a registry\n`,
      );
    }
    return missed.length === 0;
  }

  /**
   * Service containers Pipewright made, running or not, newest first, on every engine that
   * answers; one project's when given. Throws when the default engine does not answer.
   */
  async listServices(projectId?: string): Promise<ManagedContainer[]> {
    const { services, down } = await this.listEverywhere(projectId);
    const local = down.find((d) => d.engine === DEFAULT_ENGINE);
    if (local) throw new NodeError(local.reason);
    return services;
  }

  /**
   * Services on every engine that answers: containers, and swarm services on managers. `down`
   * names the engines that did not answer, and why.
   */
  async listEverywhere(projectId?: string): Promise<{ services: ManagedContainer[]; down: { engine: string; reason: string }[] }> {
    const label = [`${LABEL.role}=service`, ...(projectId ? [`${LABEL.project}=${projectId}`] : [])];
    const down: { engine: string; reason: string }[] = [];
    const seen = new Set<string>();
    const all: ManagedContainer[] = [];
    // Every engine is asked at once: one that does not answer costs its ping's timeout once, not once per engine.
    const names = this.engineNames();
    const lists = await Promise.all(
      names.map(async (engine) => {
        const up = await this.available(engine);
        if (!up.ok) return up;
        try {
          return { ok: true as const, found: await this.withEngine((docker, conn) => listOn(docker, conn, engine, label), engine) };
        } catch (err) {
          // It answered the ping, then failed: listed as down with its own words, the others still listed.
          return { ok: false as const, reason: (err as Error).message };
        }
      }),
    );
    for (const [i, engine] of names.entries()) {
      const listed = lists[i];
      if (!listed.ok) {
        down.push({ engine, reason: listed.reason });
        continue;
      }
      for (const s of listed.found) {
        // One engine configured under two names lists once.
        if (seen.has(s.id)) continue;
        seen.add(s.id);
        all.push(s);
      }
    }
    return { services: all.sort((a, b) => b.createdAt - a.createdAt), down };
  }

  /** The last `tail` lines of a Pipewright container's (or swarm service's) output, on whichever engine holds it. */
  async logs(id: string, tail: number): Promise<string> {
    const found = await this.find(id);
    return this.withEngine(async (docker) => {
      if (found.kind === 'container') return containerLogs(docker.getContainer(found.id), tail);
      const raw = (await docker.getService(found.id).logs({ stdout: true, stderr: true, tail, follow: false } as never)) as unknown as Buffer;
      return demuxLogs(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
    }, found.engine);
  }

  /** Stops and removes a Pipewright container (or swarm service); its Services entry goes with it. */
  async stop(id: string): Promise<void> {
    const found = await this.find(id);
    await this.withEngine(async (docker) => {
      if (found.kind === 'swarm') return found.stack ? void (await removeSwarmStack(docker, found.stack)) : docker.getService(found.id).remove();
      // A service of a compose stack stops with its whole stack: its siblings need each other.
      if (found.stack) return void (await removeComposeProject(docker, found.stack));
      const container = docker.getContainer(found.id);
      await container.stop({ t: 5 }).catch(() => undefined);
      await container.remove({ force: true });
    }, found.engine);
  }

  /**
   * What a finished (or cancelled) run leaves that nobody asked to keep, on every engine it
   * used: service containers and swarm services with keep=false and any sandbox container a
   * crash left behind. Returns how many went.
   */
  async removeRunLeftovers(runId: string): Promise<number> {
    const engines = this.touched.get(runId);
    if (!engines) return 0;
    this.touched.delete(runId);
    let removed = 0;
    for (const engine of engines) {
      const label = [`${LABEL.run}=${runId}`, `${LABEL.keep}=false`];
      removed += await this.withEngine(async (docker) => {
        const list = await docker.listContainers({ all: true, filters: { label } });
        await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
        // A compose stack's network goes with its containers.
        const stacks = new Set(list.filter((c) => c.Labels[LABEL.kind] === COMPOSE_KIND).map((c) => c.Labels[COMPOSE_PROJECT_LABEL]));
        for (const stack of stacks) await removeComposeProject(docker, stack);
        const swarm = (await swarmRole(docker)).manager ? await docker.listServices({ filters: { label } } as Docker.ServiceListOptions) : [];
        await Promise.all(swarm.map((sv) => docker.getService(sv.ID).remove().catch(() => undefined)));
        return list.length + swarm.length;
      }, engine);
    }
    return removed;
  }

  /**
   * A container or swarm service by id or name on any engine, refusing ones Pipewright did not
   * make (it stops only its own).
   */
  private async find(id: string): Promise<{ engine: string; id: string; kind: 'container' | 'swarm'; stack?: string }> {
    const names = this.engineNames();
    // Pinged at once, so an engine that is down delays the search by one timeout at most.
    const up = await Promise.all(names.map((engine) => this.available(engine)));
    for (const [i, engine] of names.entries()) {
      if (!up[i].ok) continue;
      const hit = await this.withEngine(async (docker) => {
        const container = await docker.getContainer(id).inspect().catch(() => undefined);
        if (container) return { labels: container.Config.Labels ?? {}, id: container.Id, kind: 'container' as const };
        if (!(await swarmRole(docker)).manager) return undefined;
        const service = (await docker.getService(id).inspect().catch(() => undefined)) as Docker.Service | undefined;
        return service && { labels: service.Spec?.Labels ?? {}, id: service.ID, kind: 'swarm' as const };
      }, engine);
      if (!hit) continue;
      if (!hit.labels[LABEL.project]) {
        throw new NodeError(`container "${id}" was not started by Pipewright; manage it with docker itself`);
      }
      // A swarm stack's services, like a compose stack's containers, stop together.
      const stack = hit.labels[LABEL.kind] === COMPOSE_KIND ? hit.labels[COMPOSE_PROJECT_LABEL] : hit.labels[STACK_LABEL];
      return { engine, id: hit.id, kind: hit.kind, ...(stack ? { stack } : {}) };
    }
    throw new NodeError(`no container named or with id "${id}"; \`pipewright services\` lists them`);
  }
}

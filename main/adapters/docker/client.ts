import type Docker from 'dockerode';
import { NodeError, type BaseImageKind, type CapabilityScope, type DockerApi } from '../../../nodes/sdk';
import { buildImage } from './build';
import { connect, ping, unavailableReason, type DockerConnection } from './connection';
import { gpuSupport } from './gpu';
import { imageTag, LABEL, type Owner } from './labels';
import { containerLogs } from './logs';
import { runSandboxed } from './sandbox';
import { removeNodeService, runService } from './service';
import { urlFromServices } from './service-network';

export interface DockerClientOptions {
  /** Read at each use, so a changed setting takes effect without a restart. */
  host: () => string | undefined;
  image: (kind: BaseImageKind) => string;
}

/** A Pipewright-made service container as Docker reports it. */
export interface ManagedContainer {
  id: string;
  /** The container's name in Docker, without the leading slash. */
  containerName: string;
  /** The name the node gave it. */
  name: string;
  projectId: string;
  nodeId: string;
  runId: string;
  image: string;
  keep: boolean;
  /** running, exited, created, … */
  state: string;
  /** Docker's human status: "Up 3 minutes", "Exited (1) 2 hours ago". */
  status: string;
  createdAt: number;
  url?: string;
}

const CONNECTION_ERRORS = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTFOUND']);

/**
 * The Docker engine for one Pipewright host: a connection that follows the docker.host setting,
 * the scoped DockerApi each node attempt gets, and the listing and clean-up the Services panel
 * and the end of a run need.
 */
export class DockerClient {
  private conn?: DockerConnection;
  private connHost?: string;
  /** Runs that created something, so runs that never touched Docker end without asking it. */
  private readonly touched = new Set<string>();

  constructor(private readonly options: DockerClientOptions) {}

  /** The current connection (remade when the docker.host setting changed). */
  connection(): DockerConnection {
    const host = this.options.host();
    if (!this.conn || host !== this.connHost) {
      this.conn = connect(host);
      this.connHost = host;
    }
    return this.conn;
  }

  get docker(): Docker {
    return this.connection().docker;
  }

  available(): Promise<{ ok: true } | { ok: false; reason: string }> {
    return ping(this.connection());
  }

  /** Runs `fn`, turning "nothing listens there" into the message that says how to start Docker. */
  async withEngine<T>(fn: (docker: Docker) => Promise<T>): Promise<T> {
    const conn = this.connection();
    try {
      return await fn(conn.docker);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EACCES') {
        throw new NodeError(
          `permission denied on the Docker socket at ${conn.where}; add your user to the docker group (sudo usermod -aG docker $USER, then log in again) or set docker.host`,
        );
      }
      if (code && CONNECTION_ERRORS.has(code)) throw new NodeError(unavailableReason(conn.where, err));
      throw err;
    }
  }

  /** The DockerApi a node attempt gets: everything it creates is labelled with its owner. */
  scoped(scope: CapabilityScope): DockerApi {
    const owner: Owner = { projectId: scope.projectId, nodeId: scope.nodeId, runId: scope.runId };
    const log = (chunk: string) => scope.log(chunk, 'stdout');
    const touch = () => this.touched.add(scope.runId);
    return {
      available: () => this.available(),
      defaultImage: (kind) => this.options.image(kind),
      gpuSupport: () => this.withEngine((docker) => gpuSupport(docker)),
      urlFromServices: (url) => this.withEngine((docker) => urlFromServices(docker, url)),
      build: (opts) =>
        this.withEngine((docker) =>
          buildImage(docker, {
            context: opts.context,
            dockerfile: opts.dockerfile ?? 'Dockerfile',
            tag: imageTag(owner),
            labels: { [LABEL.project]: owner.projectId, [LABEL.node]: owner.nodeId, [LABEL.role]: 'image' },
            signal: opts.signal ?? scope.signal,
            log,
          }),
        ),
      runService: (opts) =>
        this.withEngine((docker) => (touch(), runService(docker, owner, { ...opts, signal: opts.signal ?? scope.signal }, log))),
      removeService: async () => (await this.available()).ok && this.withEngine((docker) => removeNodeService(docker, owner)),
      runSandboxed: (opts) =>
        this.withEngine((docker) => (touch(), runSandboxed(docker, owner, { ...opts, signal: opts.signal ?? scope.signal }))),
    };
  }

  /** Service containers Pipewright made, running or not, newest first; one project's when given. */
  async listServices(projectId?: string): Promise<ManagedContainer[]> {
    const label = [`${LABEL.role}=service`, ...(projectId ? [`${LABEL.project}=${projectId}`] : [])];
    const list = await this.withEngine((docker) => docker.listContainers({ all: true, filters: { label } }));
    return list
      .map((c): ManagedContainer => {
        const port = Number(c.Labels[LABEL.port]);
        const published = c.Ports?.find((p) => p.PrivatePort === port && p.PublicPort);
        return {
          id: c.Id,
          containerName: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
          name: c.Labels[LABEL.name] ?? c.Labels[LABEL.node] ?? c.Id.slice(0, 12),
          projectId: c.Labels[LABEL.project],
          nodeId: c.Labels[LABEL.node],
          runId: c.Labels[LABEL.run],
          image: c.Image,
          keep: c.Labels[LABEL.keep] !== 'false',
          state: c.State,
          status: c.Status,
          createdAt: c.Created * 1000,
          ...(c.State === 'running' && published ? { url: `http://127.0.0.1:${published.PublicPort}` } : {}),
        };
      })
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The last `tail` lines of a Pipewright container's output. */
  async logs(id: string, tail: number): Promise<string> {
    return this.withEngine(async (docker) => containerLogs(await this.managed(docker, id), tail));
  }

  /** Stops and removes a Pipewright container; its Services entry goes with it. */
  async stop(id: string): Promise<void> {
    await this.withEngine(async (docker) => {
      const container = await this.managed(docker, id);
      await container.stop({ t: 5 }).catch(() => undefined);
      await container.remove({ force: true });
    });
  }

  /**
   * What a finished (or cancelled) run leaves that nobody asked to keep: service containers
   * with keep=false and any sandbox container a crash left behind. Returns how many went.
   */
  async removeRunLeftovers(runId: string): Promise<number> {
    if (!this.touched.delete(runId)) return 0;
    const list = await this.withEngine((docker) =>
      docker.listContainers({ all: true, filters: { label: [`${LABEL.run}=${runId}`, `${LABEL.keep}=false`] } }),
    );
    await Promise.all(list.map((c) => this.docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    return list.length;
  }

  /** A container by id or name, refusing ones Pipewright did not make (it stops only its own). */
  private async managed(docker: Docker, id: string): Promise<Docker.Container> {
    const container = docker.getContainer(id);
    const info = await container.inspect().catch((err: { statusCode?: number }) => {
      if (err.statusCode === 404) throw new NodeError(`no container named or with id "${id}"; \`pipewright services\` lists them`);
      throw err;
    });
    if (!info.Config.Labels?.[LABEL.project]) {
      throw new NodeError(`container "${id}" was not started by Pipewright; manage it with docker itself`);
    }
    return container;
  }
}

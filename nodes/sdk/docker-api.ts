/**
 * Docker as nodes use it: build an image from a folder, run a long-lived service container
 * (reused while its configuration is unchanged), run a one-shot sandboxed command.
 * main/adapters/docker implements it; every container and image it makes is labelled with the
 * project, the node and a hash of its configuration.
 */
export interface DockerApi {
  /** Whether an engine answers; when not, `reason` says where it looked and how to start one. */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>;

  /**
   * The image called `kind` in the node's definition (`images`): the images.<kind> setting, then
   * PIPEWRIGHT_IMAGE_<KIND>, then the default the definition pins.
   */
  defaultImage(kind: BaseImageKind): string;

  /**
   * Whether Docker can give a container NVIDIA GPUs; when not, `reason` says what is missing.
   * Asks Docker only: nothing is pulled.
   */
  gpuSupport(): Promise<{ ok: true } | { ok: false; reason: string }>;

  /**
   * How a service started with `serviceNetwork` reaches `url`, an address given on this
   * machine (another node's endpoint). A Pipewright service published on 127.0.0.1 is reached
   * by its container name on the shared network (joined to it when it is not yet); another
   * address on this machine's loopback through host.docker.internal, with a note, since a
   * server listening on 127.0.0.1 only cannot be reached from a container; anything else as is.
   */
  urlFromServices(url: string): Promise<{ url: string; note?: string }>;

  /**
   * Builds the folder `context` (its Dockerfile, files filtered by its .dockerignore) into an
   * image, streaming the build output to the node's log. A failed build throws a NodeError
   * naming the failing step, with the last lines of output as its detail.
   */
  build(options: BuildOptions): Promise<BuiltImage>;

  /**
   * Starts a service container for this node, or reuses the node's running one when its
   * configuration (image, env, ports, command, keep) is unchanged and it answers its health
   * check; a changed configuration replaces it. Runs with the sandbox defaults (no capabilities,
   * no-new-privileges, limits), its port published on 127.0.0.1 only. Waits until healthy;
   * otherwise removes what it started and throws with the container's last log lines.
   */
  runService(options: ServiceOptions): Promise<RunningService>;

  /**
   * Removes this node's service container, if it has one: the node now runs its service another
   * way (as a local process). False when there was none, or no engine answers to ask.
   */
  removeService(): Promise<boolean>;

  /**
   * A one-shot command in a sandboxed container (all capabilities dropped, no-new-privileges,
   * a non-root user, memory/CPU/PID limits, read-only root with a writable /tmp, no network
   * unless asked), `workspace` mounted at /workspace as the working folder. On a remote engine
   * it is copied in before (to /sandbox/workspace, the working folder there) and copied back
   * after: never bound. The container is
   * removed afterwards; aborting `signal` kills it and rejects with an AbortError.
   */
  runSandboxed(options: SandboxOptions): Promise<SandboxResult>;

  /**
   * Deploys `image` as a Docker Swarm service on this engine (a swarm manager): `replicas`
   * tasks spread over the nodes, updated in place when the configuration changes, reused while
   * it is unchanged and healthy. Healthy when Swarm reports every replica running and each
   * answers `healthPath`. The image is copied to the swarm's other nodes whose engines are
   * configured in Settings (no registry is assumed). Removes what it made on failure or cancel.
   */
  deploySwarm(options: SwarmOptions): Promise<SwarmService>;

  /**
   * Brings up the compose project in `file` (docker-compose, or `docker compose` where present)
   * under a project name of this node, every container labelled like a service; waits until each
   * is running and healthy (by its own healthcheck). An unchanged stack (same configuration and
   * images) is reused. A compose file that does not validate throws naming the file and field;
   * a failure or cancel takes down what it started.
   */
  composeUp(options: ComposeOptions): Promise<ComposeStack>;

  /**
   * The same API on another engine configured in Settings (Docker engines), by its name: a
   * model server on the GPU host, a deploy to the cluster's manager. Throws naming the engine
   * when none has that name.
   */
  onEngine(name: string): DockerApi;

  /** The engine this API talks to: its name in Settings (`default` for docker.host), where it is, and whether it is another machine. */
  engine(): { name: string; where: string; remote: boolean };
}

export interface SwarmOptions {
  /** Shown in the Services list. */
  name: string;
  image: string;
  containerPort: number;
  /**
   * The port published on every node (ingress) or on each node running a replica (host). In
   * host mode without it, each replica gets a free port of its node.
   */
  publishedPort?: number;
  /** ingress: the routing mesh (any node's address answers); host: each replica on its own node's address. */
  publishMode: 'ingress' | 'host';
  replicas: number;
  env?: Record<string, string>;
  healthPath?: string;
  healthTimeoutMs?: number;
  /** Outlives the run; otherwise removed when the run ends. */
  keep: boolean;
  signal?: AbortSignal;
}

export interface SwarmService {
  serviceId: string;
  /** The service's name in the swarm (`pipewright-<project>-<node>`). */
  serviceName: string;
  /** The first replica's URL (host mode) or the routing mesh's. */
  url: string;
  urls: string[];
  image: string;
  replicas: { node: string; nodeId: string; address: string; state: string; url?: string; error?: string }[];
  reused: boolean;
  healthyMs: number;
}

export interface ComposeOptions {
  /** The compose file (absolute); its folder is the project folder. */
  file: string;
  /** Shown in the Services list, before each service's name. */
  name: string;
  /** Images to use in place of those the file names, by repository (`postgres` → the setting's image). */
  images?: Record<string, string>;
  /** Variables the file reads (`${POSTGRES_PASSWORD}`): secrets among them, never logged. */
  env?: Record<string, string>;
  /**
   * The app, which must also answer `path` with 2xx: the service named, else the one the file
   * builds, else the first that publishes a port. It comes first in `services`.
   */
  app?: { service?: string; path: string };
  /** How long the services get to become healthy (default 120 s). */
  healthTimeoutMs?: number;
  /** Outlives the run; otherwise taken down when the run ends. */
  keep: boolean;
  /** `swarm`: deployed as a Docker Swarm stack (`docker stack deploy`) on a manager; default compose. */
  target?: 'compose' | 'swarm';
  /** Swarm only: ports through the routing mesh (ingress) or on each task's node (host). */
  publishMode?: 'ingress' | 'host';
  /** Swarm only: the app's replicas, in place of the file's deploy.replicas. */
  replicas?: number;
  signal?: AbortSignal;
}

export interface ComposeStack {
  /** The compose project name (`pipewright-<project>-<node>`). */
  project: string;
  services: {
    service: string;
    containerId: string;
    containerName: string;
    image: string;
    /** `healthy` (its healthcheck passed) or `running` (it has none). */
    health: 'healthy' | 'running';
    /** http://host:port of its first published port, when it publishes one. */
    url?: string;
    /** Whether the file builds its image (the app) rather than naming one. */
    built: boolean;
    /** Swarm: every running replica's URL (in host mode one per node). */
    urls?: string[];
  }[];
  reused: boolean;
  /** The command that ran it: `docker-compose` (v1) or `docker compose`. */
  cli: string;
  upMs: number;
  healthyMs: number;
}

/** The name of an image a definition declares in `images` (`node`, `sandbox`, `vllm`, …). */
export type BaseImageKind = string;

export interface BuildOptions {
  /** The folder sent to the engine as the build context. */
  context: string;
  /** Dockerfile path inside the context (default `Dockerfile`). */
  dockerfile?: string;
  signal?: AbortSignal;
}

export interface BuiltImage {
  /** The image id (sha256:…); equal ids mean equal images. */
  id: string;
  /** The tag it was given (`pipewright/<project>-<node>:latest`). */
  tag: string;
  /** Ports its Dockerfile EXPOSEs. */
  exposedPorts: number[];
}

export interface ServiceOptions {
  /** Shown in the Services list and used in the container name. */
  name: string;
  image: string;
  /** The port the app listens on inside the container; it is also given to it as PORT. */
  containerPort: number;
  /** The host port to publish on (127.0.0.1); a free one when absent. */
  hostPort?: number;
  env?: Record<string, string>;
  /** Overrides the image's command. */
  command?: string[];
  /** Overrides the image's entrypoint (an image whose entrypoint would wrap `command`). */
  entrypoint?: string[];
  /**
   * Run as the person running Pipewright (their uid and gid), so what it writes into bound
   * folders is theirs to edit. When Pipewright runs as root, as uid 1000 instead, with the
   * writable bound folders handed to that uid (as runSandboxed does): never as root.
   */
  runAsHostUser?: boolean;
  /** Path polled until it answers 2xx (default `/`). */
  healthPath?: string;
  /** How long the app gets to answer (default 60 s). */
  healthTimeoutMs?: number;
  /** Outlives the run (a service the person keeps); otherwise removed when the run ends. */
  keep: boolean;
  signal?: AbortSignal;
  /**
   * Ready when this check passes instead of `healthPath` answering 2xx: `path` is polled with
   * `headers` (not part of the configuration, so a key may go there) until it answers 2xx
   * and `accept` takes the body.
   */
  ready?: ReadyCheck;
  /** NVIDIA GPUs (a DeviceRequest with the nvidia driver): all of them, or these ids. */
  gpus?: 'all' | string[];
  /** Share the host's IPC namespace (what PyTorch-based servers ask for), else a private one. */
  hostIpc?: boolean;
  /** Size of the private /dev/shm in bytes (Docker's default is 64 MiB). */
  shmBytes?: number;
  /** Named volumes, made (labelled) when missing and kept when the container goes: model caches. */
  volumes?: { name: string; target: string }[];
  /** Host files or folders bound in; a bound file's content is part of the configuration. */
  mounts?: { source: string; target: string; readOnly?: boolean }[];
  /** Instead of the service defaults (1 GiB of memory, 2 CPUs, 512 processes); 0 lifts a limit. */
  limits?: { memoryBytes?: number; cpus?: number; pids?: number };
  /**
   * Join Pipewright's service network, where other services are reached by container name
   * (see urlFromServices), with this machine reachable as host.docker.internal.
   */
  serviceNetwork?: boolean;
  /** Stream what the container prints into the node's log until it is ready (model loading progress). */
  streamLogs?: boolean;
  /** Secret values that must never be shown: replaced by `[secret NAME]` in streamed lines and errors. */
  redact?: { name: string; value: string }[];
}

export interface ReadyCheck {
  path: string;
  headers?: Record<string, string>;
  /** Given a 2xx answer's body: undefined when ready, else what is still missing (shown while waiting). */
  accept?: (body: string) => string | undefined;
}

export interface RunningService {
  containerId: string;
  /** The container's name in Docker (`pipewright-<project>-<node>`). */
  containerName: string;
  /** `http://127.0.0.1:<hostPort>`, or the engine's host (or its public host name) for a remote engine. */
  url: string;
  hostPort: number;
  image: string;
  /** True when the node's existing container was healthy and had the same configuration. */
  reused: boolean;
  /** Milliseconds to create and start the container (0 when reused). */
  startMs: number;
  /** Milliseconds from start to the first 2xx answer (the one check when reused). */
  healthyMs: number;
}

export interface SandboxOptions {
  image: string;
  /** Run with /bin/sh -c in the workspace (/workspace; /sandbox/workspace on a remote engine). */
  command: string;
  /** Host folder mounted read-write at /workspace, the working folder. */
  workspace: string;
  /** Allow network access (default: none). */
  network?: boolean;
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** Output as it comes, standard output and errors together (each in order; Docker may interleave them loosely). */
  onData?: (chunk: string) => void;
  /** Kill the command after this long; it then reports exit code 124 and `timedOut`. */
  timeoutMs?: number;
}

export interface SandboxResult {
  exitCode: number;
  timedOut?: boolean;
}

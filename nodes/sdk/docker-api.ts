/**
 * Docker as nodes use it: build an image from a folder, run a long-lived service container
 * (reused while its configuration is unchanged), run a one-shot sandboxed command.
 * main/adapters/docker implements it; every container and image it makes is labelled with the
 * project, the node and a hash of its configuration.
 */
export interface DockerApi {
  /** Whether an engine answers; when not, `reason` says where it looked and how to start one. */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>;

  /** The base image configured for a stack (settings, then PIPEWRIGHT_IMAGE_*, then the public default). */
  defaultImage(kind: BaseImageKind): string;

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
   * A one-shot command in a sandboxed container (all capabilities dropped, no-new-privileges,
   * a non-root user, memory/CPU/PID limits, read-only root with a writable /tmp, no network
   * unless asked), `workspace` mounted at /workspace as the working folder. The container is
   * removed afterwards; aborting `signal` kills it and rejects with an AbortError.
   */
  runSandboxed(options: SandboxOptions): Promise<SandboxResult>;
}

export type BaseImageKind = 'node' | 'python' | 'static' | 'sandbox';

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
  /** Path polled until it answers 2xx (default `/`). */
  healthPath?: string;
  /** How long the app gets to answer (default 60 s). */
  healthTimeoutMs?: number;
  /** Outlives the run (a service the person keeps); otherwise removed when the run ends. */
  keep: boolean;
  signal?: AbortSignal;
}

export interface RunningService {
  containerId: string;
  /** The container's name in Docker (`pipewright-<project>-<node>`). */
  containerName: string;
  /** `http://127.0.0.1:<hostPort>` */
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
  /** Run with /bin/sh -c in /workspace. */
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

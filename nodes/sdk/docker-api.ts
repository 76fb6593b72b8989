/**
 * Docker as nodes use it (build, run sandboxed, health-wait); main/adapters/docker implements
 * it. Grown by the Docker layer.
 */
export interface DockerApi {
  /** Whether an engine answers; when not, `reason` says where it looked and how to start one. */
  available(): Promise<{ ok: true } | { ok: false; reason: string }>;
}

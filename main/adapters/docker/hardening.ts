import { availableParallelism } from 'node:os';
import type Docker from 'dockerode';

const GiB = 1024 ** 3;

export interface Limits {
  memoryBytes: number;
  /** CPUs the container may use (fractions allowed). */
  cpus: number;
  pids: number;
}

/** Apps Pipewright deploys: enough for a web app and its build tools, not enough to sink the machine. */
export const SERVICE_LIMITS: Limits = { memoryBytes: 1 * GiB, cpus: Math.min(2, availableParallelism()), pids: 512 };

/** One-shot commands (an agent's `npm install`, a test run). */
export const SANDBOX_LIMITS: Limits = { memoryBytes: 2 * GiB, cpus: Math.min(2, availableParallelism()), pids: 512 };

/**
 * The defaults every container gets: no capabilities, no privilege gain through setuid
 * binaries, bounded memory (swap included), CPU and process count, an init process that
 * forwards signals and reaps zombies (so stops take milliseconds, not the 10 s grace), and
 * bounded log files.
 */
export function hardenedHostConfig(limits: Limits): Docker.HostConfig {
  return {
    CapDrop: ['ALL'],
    SecurityOpt: ['no-new-privileges'],
    Memory: limits.memoryBytes,
    MemorySwap: limits.memoryBytes,
    NanoCpus: Math.round(limits.cpus * 1e9),
    PidsLimit: limits.pids,
    Init: true,
    LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
  };
}

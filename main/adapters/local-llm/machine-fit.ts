/**
 * How big a model this machine can run, decided before loading: llama.cpp maps the weights
 * and allocates the context's key/value cache up front, and a model that does not fit makes
 * the whole machine swap or the process die. A clear refusal is better than either.
 */
import { availableParallelism, freemem, totalmem } from 'node:os';

export interface Machine {
  freeBytes: number;
  totalBytes: number;
  cpus: number;
}

/**
 * What this process may use: in a container, the memory limit of its cgroup counts, not the
 * host's free memory (a model sized by the host's figure is killed by the container's limit).
 */
export function thisMachine(): Machine {
  const limit = process.constrainedMemory();
  const bounded = limit > 0 && limit < totalmem();
  return {
    freeBytes: Math.min(freemem(), process.availableMemory()),
    totalBytes: bounded ? limit : totalmem(),
    cpus: availableParallelism(),
  };
}

export interface Fit {
  contextSize: number;
  threads: number;
  /** What loading is expected to take, in bytes. */
  neededBytes: number;
}

/** Context sizes tried, largest first: long enough for code, short enough for a laptop. */
const CONTEXT_SIZES = [8192, 4096, 2048];
/** The runtime, its buffers and the scratch space of one evaluation. */
const FIXED_OVERHEAD = 128 * 1024 * 1024;
/** Headroom left to the rest of the machine. */
const KEEP_FREE = 0.1;

/**
 * The key/value cache per token of context, from the file size: a 1.5B model at 4 bits
 * (~1.1 GB) keeps ~28 KB a token, a 7B one (~4.7 GB) ~57 KB; this errs on the large side.
 */
function cachePerToken(fileBytes: number): number {
  return Math.max(1024, fileBytes / 40_000);
}

export function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

export class ModelTooBig extends Error {
  override name = 'ModelTooBig';
}

/**
 * The context size and threads for a model file of `fileBytes` on `machine`: the largest
 * context that fits in free memory, and every core but one (the app keeps one). Throws
 * ModelTooBig when even the smallest context does not fit.
 */
export function fitModel(name: string, fileBytes: number, machine: Machine): Fit {
  const usable = machine.freeBytes * (1 - KEEP_FREE);
  const threads = Math.max(1, Math.min(machine.cpus - 1, 8));
  for (const contextSize of CONTEXT_SIZES) {
    const neededBytes = fileBytes + FIXED_OVERHEAD + contextSize * cachePerToken(fileBytes);
    if (neededBytes <= usable) return { contextSize, threads, neededBytes };
  }
  const needed = fileBytes + FIXED_OVERHEAD + CONTEXT_SIZES[CONTEXT_SIZES.length - 1] * cachePerToken(fileBytes);
  throw new ModelTooBig(
    `the model "${name}" (${gib(fileBytes)}) needs about ${gib(needed)} of memory and this machine has ${gib(machine.freeBytes)} free of ${gib(machine.totalBytes)}: close other programs, or use a smaller model (pipewright models list)`,
  );
}

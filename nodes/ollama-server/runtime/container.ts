import type { ServiceOptions } from '../../sdk';
import type { OllamaParams } from './params';

/** Where Ollama listens inside the container. */
export const OLLAMA_PORT = 11434;
/** Ollama's home in the image (it runs as root): pulled models live under it, in the volume. */
export const OLLAMA_HOME = '/root/.ollama';

/** `all`, or the GPU ids the param lists; undefined runs on the CPU. */
export function gpusOf(param: string | undefined): 'all' | string[] | undefined {
  const text = param?.trim();
  if (!text) return undefined;
  return text === 'all' ? 'all' : text.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The container that serves Ollama: listening on all its interfaces (so the published port and
 * other services reach it), models in a named volume, GPUs when asked for. Models run on the
 * CPU by default, which needs the machine's memory: the service limits are lifted.
 */
export function ollamaContainer(options: { name: string; image: string; params: OllamaParams }): ServiceOptions {
  const { params } = options;
  const gpus = gpusOf(params.gpus);
  return {
    name: options.name,
    image: options.image,
    containerPort: OLLAMA_PORT,
    hostPort: params.port,
    env: { OLLAMA_HOST: `0.0.0.0:${OLLAMA_PORT}` },
    ...(gpus ? { gpus } : {}),
    volumes: [{ name: params.modelVolume, target: OLLAMA_HOME }],
    limits: { memoryBytes: 0, cpus: 0, pids: 4096 },
    // Ollama answers "Ollama is running" on / as soon as it listens; the model is pulled after.
    healthPath: '/',
    streamLogs: true,
    serviceNetwork: true,
    keep: params.keep,
  };
}

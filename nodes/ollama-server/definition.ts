import { z } from 'zod';
import { defineNode, engineParam, flag } from '../sdk';

/** `all`, or GPU indexes / UUIDs separated by commas. */
const GPUS_PATTERN = /^(all|[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*)$/;

export const ollamaServerDefinition = defineNode({
  kind: 'ollama-server',
  version: 1,
  title: 'Ollama model server',
  category: 'Models',
  description:
    "Runs Ollama in Docker, pulls the model (progress in the log; kept in a Docker volume for next time) and hands on its OpenAI-compatible endpoint. Runs on the CPU, or on NVIDIA GPUs when you name them. It keeps running after the run (listed in Services) and is reused while its settings are unchanged.",
  icon: 'cpu',
  inputs: [],
  outputs: [{ name: 'endpoint', type: 'endpoint', description: 'http://127.0.0.1:PORT/v1 and the model name' }],
  params: z.object({
    model: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)*(:[\w.-]+)?$/, 'a model from ollama.com/library, such as qwen2.5-coder:7b')
      .default('qwen2.5-coder:7b')
      .describe('The model to pull and serve, as ollama.com/library names it (qwen2.5-coder:7b, codestral:22b, devstral, …)')
      .meta(flag({ role: 'model-download' })),
    gpus: z
      .string()
      .trim()
      .regex(GPUS_PATTERN, 'all, or GPU numbers separated by commas, such as 0,1')
      .optional()
      .describe('NVIDIA GPUs to use: all, or their numbers separated by commas; empty: the CPU'),
    image: z
      .string()
      .trim()
      .optional()
      .describe('The Ollama image (default: the images.ollama setting, ollama/ollama at a pinned version)')
      .meta(flag({ role: 'image' })),
    port: z.number().int().min(1).max(65535).optional().describe("Port to serve the API on (127.0.0.1 here, the engine's host on another engine); a free one when empty").meta(flag({ role: 'port' })),
    engine: engineParam('run Ollama on (a GPU host, say)'),
    modelVolume: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a Docker volume name: letters, digits and _ . -')
      .default('pipewright-ollama')
      .describe('The Docker volume holding pulled models, shared by every Ollama node that names it'),
    keep: z
      .boolean()
      .default(true)
      .describe('Keep the server running after the run (listed in Services); off: it is stopped when the run ends'),
  }),
  // The server must be checked (and restarted if gone) on every run; what is reused is the container.
  images: [{ name: 'ollama', default: 'ollama/ollama:0.12.6', title: 'Ollama server', description: 'What Ollama model servers run' }],
  summary: (params) => params.model,
  cache: false,
  service: true,
});

import { z } from 'zod';
import { defineNode, engineParam, flag, SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../sdk';

/** Models the inspector suggests; any Hugging Face id vLLM supports works. */
export const VLLM_MODEL_PRESETS = [
  'mistralai/Devstral-Small-2507',
  'mistralai/Codestral-22B-v0.1',
  'codellama/CodeLlama-34b-Instruct-hf',
] as const;

/** `all`, or GPU indexes / UUIDs separated by commas (what `docker run --gpus device=…` takes). */
export const GPUS_PATTERN = /^(all|[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*)$/;
/** A Docker volume name. */
export const VOLUME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const secretName = (what: string) =>
  z
    .string()
    .regex(SECRET_NAME_PATTERN, `a secret name uses ${SECRET_NAME_RULE}`)
    .optional()
    .describe(what)
    .meta(flag({ role: 'secret' }));

export const vllmServerDefinition = defineNode({
  kind: 'vllm-server',
  version: 1,
  title: 'vLLM model server',
  category: 'Models',
  description:
    "Serves a Hugging Face model on this machine's NVIDIA GPUs with vLLM (in Docker), behind an OpenAI-compatible API, and hands its endpoint to the nodes that talk to a model. The first start downloads the weights into a Docker volume kept for next time; Mistral models get Mistral's tokenizer and tool calling. It keeps running after the run (listed in Services) and is reused while its settings are unchanged.",
  icon: 'server',
  inputs: [],
  outputs: [
    {
      name: 'endpoint',
      type: 'endpoint',
      description: 'http://127.0.0.1:PORT/v1, the served model name, and the API key secret when one is set',
    },
  ],
  params: z.object({
    model: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/, 'a Hugging Face model id, such as mistralai/Codestral-22B-v0.1')
      .default(VLLM_MODEL_PRESETS[0])
      .describe(
        'The Hugging Face model id, such as mistralai/Devstral-Small-2507, mistralai/Codestral-22B-v0.1 (gated: accept its licence on Hugging Face and set hfTokenSecret) or codellama/CodeLlama-34b-Instruct-hf',
      )
      .meta({ examples: [...VLLM_MODEL_PRESETS], ...flag({ role: 'model-download' }) }),
    servedName: z
      .string()
      .trim()
      .regex(/^[\w.:/-]*$/, 'letters, digits and . _ : / -')
      .optional()
      .describe('The model name clients ask for (default: the model id)'),
    maxModelLen: z
      .number()
      .int()
      .min(256)
      .optional()
      .describe("Longest context in tokens (default: the model's own); lower it when the GPU runs out of memory"),
    gpuMemoryUtilization: z
      .number()
      .gt(0)
      .max(1)
      .default(0.9)
      .describe('Share of each GPU\'s memory vLLM may take, for the weights and the cache (0 to 1)'),
    tensorParallel: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(1)
      .describe('GPUs one copy of the model is split across (a 22B or 34B model in 16-bit needs about 48 GB or 70 GB)'),
    gpus: z
      .string()
      .trim()
      .regex(GPUS_PATTERN, 'all, or GPU numbers separated by commas, such as 0,1')
      .default('all')
      .describe('Which NVIDIA GPUs: all, or their numbers (or UUIDs) separated by commas, such as 0,1'),
    hfTokenSecret: secretName(
      'The secret holding a Hugging Face token, for gated models such as Codestral (given to vLLM as HF_TOKEN, never logged)',
    ),
    apiKeySecret: secretName(
      'The secret holding an API key clients must send; handed on with the endpoint. Empty: the server takes requests from anything on this machine',
    ),
    mistralFormat: z
      .enum(['auto', 'on', 'off'])
      .default('auto')
      .describe(
        "Mistral's tokenizer, config and weight format with its tool-call parser: auto turns them on for mistralai/ models; off for Mistral models repackaged in the Hugging Face format",
      ),
    image: z
      .string()
      .trim()
      .optional()
      .describe('The vLLM image (default: the images.vllm setting, vllm/vllm-openai at a pinned version)')
      .meta(flag({ role: 'image' })),
    port: z.number().int().min(1).max(65535).optional().describe("Port to serve the API on (127.0.0.1 here, the engine's host on another engine); a free one when empty").meta(flag({ role: 'port' })),
    engine: engineParam('run vLLM on (the GPU host)'),
    hostIpc: z
      .boolean()
      .default(false)
      .describe("Share this machine's IPC namespace with vLLM, as its docs suggest; off: a private 16 GiB /dev/shm, which is enough for tensor parallelism")
      .meta(flag({ unsandboxed: { true: "vLLM shares this machine's IPC namespace (its shared memory is open to the host)" } })),
    cacheVolume: z
      .string()
      .regex(VOLUME_PATTERN, 'a Docker volume name: letters, digits and _ . -')
      .default('pipewright-huggingface')
      .describe("The Docker volume holding downloaded weights (Hugging Face's cache), shared by every vLLM node that names it"),
    keep: z
      .boolean()
      .default(true)
      .describe('Keep the server running after the run (listed in Services); off: it is stopped when the run ends'),
    startTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(1_800_000)
      .describe('How long vLLM gets to download and load the model and answer, in milliseconds (a first download can take many minutes)'),
  }),
  // The server must be checked (and restarted if gone) on every run; what is reused is the container.
  images: [{ name: 'vllm', default: 'vllm/vllm-openai:v0.11.0', title: 'vLLM server', description: 'What vLLM model servers run; the flags the node passes are checked against this version' }],
  summary: (params) => params.model,
  cache: false,
  service: true,
});

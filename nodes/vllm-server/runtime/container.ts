import type { ServiceOptions } from '../../sdk';
import type { VllmParams } from './params';

/** Where vLLM listens inside the container (its default). */
export const VLLM_PORT = 8000;
/** Hugging Face's cache in the image (vLLM runs as root): the weights volume goes here. */
export const HF_CACHE = '/root/.cache/huggingface';
/** /dev/shm when the host's IPC is not shared: PyTorch passes tensors between workers through it. */
export const SHM_BYTES = 16 * 1024 ** 3;
/** vLLM's workers spawn many threads; the service default (512) is too few with several GPUs. */
const PIDS = 16_384;

/** Whether Mistral's own formats apply: asked for, or `auto` with a mistralai/ model. */
export function usesMistralFormat(params: Pick<VllmParams, 'model' | 'mistralFormat'>): boolean {
  if (params.mistralFormat !== 'auto') return params.mistralFormat === 'on';
  return /^mistralai\//i.test(params.model);
}

export function servedNameOf(params: Pick<VllmParams, 'model' | 'servedName'>): string {
  return params.servedName?.trim() || params.model;
}

/** `all`, or the GPU ids the param lists. */
export function gpusOf(param: string): 'all' | string[] {
  const text = param.trim();
  return text === 'all' ? 'all' : text.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The engine arguments after the image's entrypoint, `python3 -m vllm.entrypoints.openai.api_server`,
 * which takes the model as --model (`vllm serve` would want it positional and refuse --model).
 */
export function vllmArgs(params: VllmParams): string[] {
  const args = [
    '--model', params.model,
    '--served-model-name', servedNameOf(params),
    '--host', '0.0.0.0',
    '--port', String(VLLM_PORT),
    '--gpu-memory-utilization', String(params.gpuMemoryUtilization),
    '--tensor-parallel-size', String(params.tensorParallel),
  ];
  if (params.maxModelLen) args.push('--max-model-len', String(params.maxModelLen));
  if (usesMistralFormat(params)) {
    // Mistral's checkpoints ship their own tokenizer (tekken) and params.json; tool calls need its parser.
    args.push(
      '--tokenizer-mode', 'mistral',
      '--config-format', 'mistral',
      '--load-format', 'mistral',
      '--tool-call-parser', 'mistral',
      '--enable-auto-tool-choice',
    );
  }
  return args;
}

/** Readiness: vLLM lists the served name once the weights are loaded. */
export function listsModel(name: string): (body: string) => string | undefined {
  return (body) => {
    let ids: string[];
    try {
      ids = ((JSON.parse(body) as { data?: { id?: string }[] }).data ?? []).map((m) => String(m.id));
    } catch {
      return 'GET /v1/models did not answer JSON yet';
    }
    if (ids.includes(name)) return undefined;
    return ids.length ? `the server lists ${ids.join(', ')}, not ${name}` : `the model ${name} is not loaded yet`;
  };
}

export interface VllmSecrets {
  hfToken?: string;
  apiKey?: string;
}

/**
 * The container that serves the model: the GPU request, shared memory, the weights volume, the
 * port on 127.0.0.1, the engine arguments. Secret values travel only in the environment
 * (HF_TOKEN, VLLM_API_KEY, which vLLM reads instead of --api-key so the key is not in the
 * command line Docker shows) and in the readiness check's header; they are redacted from
 * everything the container prints into the log.
 */
export function vllmContainer(options: { name: string; image: string; params: VllmParams; secrets: VllmSecrets }): ServiceOptions {
  const { params, secrets } = options;
  const served = servedNameOf(params);
  // vLLM and the Hugging Face hub report usage to their makers unless told not to.
  const env: Record<string, string> = { VLLM_NO_USAGE_STATS: '1', DO_NOT_TRACK: '1', HF_HUB_DISABLE_TELEMETRY: '1' };
  if (secrets.hfToken) env.HF_TOKEN = secrets.hfToken;
  if (secrets.apiKey) env.VLLM_API_KEY = secrets.apiKey;
  const redact = [
    ...(secrets.hfToken && params.hfTokenSecret ? [{ name: params.hfTokenSecret, value: secrets.hfToken }] : []),
    ...(secrets.apiKey && params.apiKeySecret ? [{ name: params.apiKeySecret, value: secrets.apiKey }] : []),
  ];
  return {
    name: options.name,
    image: options.image,
    containerPort: VLLM_PORT,
    hostPort: params.port,
    command: vllmArgs(params),
    env,
    gpus: gpusOf(params.gpus),
    hostIpc: params.hostIpc,
    ...(params.hostIpc ? {} : { shmBytes: SHM_BYTES }),
    volumes: [{ name: params.cacheVolume, target: HF_CACHE }],
    // A model server needs the machine: loading weights takes tens of GB of memory for a moment.
    limits: { memoryBytes: 0, cpus: 0, pids: PIDS },
    ready: {
      path: '/v1/models',
      ...(secrets.apiKey ? { headers: { authorization: `Bearer ${secrets.apiKey}` } } : {}),
      accept: listsModel(served),
    },
    healthTimeoutMs: params.startTimeoutMs,
    streamLogs: true,
    redact,
    serviceNetwork: true,
    keep: params.keep,
  };
}

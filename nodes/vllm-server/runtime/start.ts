import { NodeError, type EndpointValue, type RunContext } from '../../sdk';
import { gpusOf, servedNameOf, usesMistralFormat, vllmContainer, type VllmSecrets } from './container';
import type { VllmParams } from './params';

const GPU_HELP =
  'Install the NVIDIA driver and the NVIDIA Container Toolkit, register it with Docker (sudo nvidia-ctk runtime configure --runtime=docker) and restart Docker; ' +
  '`docker run --rm --gpus all ubuntu nvidia-smi` should then list your GPUs. On a machine without an NVIDIA GPU, an ollama-server node runs models on the CPU.';

export interface StartOptions {
  /**
   * For tests only: no GPU request, so a stand-in image (which needs none) runs on a machine
   * without NVIDIA GPUs. No param, setting or template reaches it; the node kind's runtime
   * never sets it, so vLLM itself always asks for its GPUs.
   */
  omitGpuRequestForStandIn?: boolean;
}

async function secret(ctx: RunContext, param: 'hfTokenSecret' | 'apiKeySecret', name: string | undefined): Promise<string | undefined> {
  if (!name) return undefined;
  try {
    return await ctx.secrets.get(name);
  } catch (err) {
    throw new NodeError(`param "${param}": ${(err as Error).message}`);
  }
}

/** Starts (or reuses) the vLLM container and waits until it lists the served model. */
export async function startVllm(ctx: RunContext, params: VllmParams, options: StartOptions = {}): Promise<EndpointValue> {
  const gpus = gpusOf(params.gpus);
  if (gpus !== 'all' && gpus.length < params.tensorParallel) {
    throw new NodeError(
      `param "tensorParallel" is ${params.tensorParallel}, but param "gpus" names ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} (${gpus.join(', ')}); name at least ${params.tensorParallel}, or set gpus to all`,
    );
  }
  const docker = params.engine ? ctx.docker.onEngine(params.engine) : ctx.docker;
  const engine = await docker.available();
  if (!engine.ok) throw new NodeError(`vLLM runs in Docker, but ${engine.reason}`);
  // Before any secret is read or image pulled (the vLLM image is several GB): no GPU, no point.
  if (!options.omitGpuRequestForStandIn) {
    const gpu = await docker.gpuSupport();
    if (!gpu.ok) {
      throw new NodeError(
        `node "${ctx.nodeId}" needs NVIDIA GPUs for vLLM (param "gpus": ${params.gpus}), but ${gpu.reason}; nothing was pulled or started`,
        GPU_HELP,
      );
    }
  }
  const secrets: VllmSecrets = {
    hfToken: await secret(ctx, 'hfTokenSecret', params.hfTokenSecret),
    apiKey: await secret(ctx, 'apiKeySecret', params.apiKeySecret),
  };
  const image = params.image?.trim() || docker.defaultImage('vllm');
  const served = servedNameOf(params);
  let spec = vllmContainer({ name: ctx.nodeId, image, params, secrets });
  if (options.omitGpuRequestForStandIn) {
    const { gpus: _left, ...rest } = spec;
    spec = rest;
    ctx.log(`test stand-in: no GPU request for ${image}\n`, 'info');
  }
  ctx.log(
    `vLLM: ${params.model} as "${served}" from ${image}` +
      (usesMistralFormat(params) ? ", with Mistral's tokenizer, config and weight format and its tool-call parser" : '') +
      `; weights are kept in the Docker volume ${params.cacheVolume}, so only the first start downloads them\n`,
    'info',
  );
  const service = await docker.runService({ ...spec, signal: ctx.signal });
  const baseUrl = `${service.url}/v1`;
  ctx.log(
    service.reused
      ? `vLLM was already serving "${served}" at ${baseUrl}\n`
      : `vLLM serves "${served}" at ${baseUrl} (ready ${(service.healthyMs / 1000).toFixed(1)} s after it started)\n`,
    'info',
  );
  return { baseUrl, model: served, ...(params.apiKeySecret ? { apiKeySecret: params.apiKeySecret } : {}) };
}

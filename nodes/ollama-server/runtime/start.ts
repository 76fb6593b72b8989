import { NodeError, type EndpointValue, type RunContext } from '../../sdk';
import { gpusOf, ollamaContainer } from './container';
import type { OllamaParams } from './params';
import { hasModel, pullModel } from './pull';

/** Starts (or reuses) the Ollama container, pulls the model when it is missing, hands on /v1. */
export async function startOllama(ctx: RunContext, params: OllamaParams): Promise<EndpointValue> {
  const docker = params.engine ? ctx.docker.onEngine(params.engine) : ctx.docker;
  const engine = await docker.available();
  if (!engine.ok) throw new NodeError(`Ollama runs in Docker, but ${engine.reason}`);
  if (gpusOf(params.gpus)) {
    const gpu = await docker.gpuSupport();
    if (!gpu.ok) {
      throw new NodeError(
        `node "${ctx.nodeId}" asks for NVIDIA GPUs (param "gpus": ${params.gpus}), but ${gpu.reason}; nothing was pulled or started`,
        'Clear the gpus param to run the model on the CPU, or install the NVIDIA Container Toolkit and register it with Docker (sudo nvidia-ctk runtime configure --runtime=docker).',
      );
    }
  }
  const image = params.image?.trim() || docker.defaultImage('ollama');
  ctx.log(`Ollama from ${image} on ${gpusOf(params.gpus) ? `GPUs ${params.gpus}` : 'the CPU'}; models are kept in the Docker volume ${params.modelVolume}\n`, 'info');
  const service = await docker.runService({ ...ollamaContainer({ name: ctx.nodeId, image, params }), signal: ctx.signal });
  if (await hasModel(service.url, params.model, ctx.signal)) {
    ctx.log(`${params.model} is already pulled\n`, 'info');
  } else {
    ctx.log(`pulling ${params.model}\n`, 'info');
    const began = Date.now();
    await pullModel(ctx, service.url, params.model);
    ctx.log(`pulled ${params.model} in ${((Date.now() - began) / 1000).toFixed(1)} s\n`, 'info');
  }
  const baseUrl = `${service.url}/v1`;
  ctx.log(`Ollama serves "${params.model}" at ${baseUrl}\n`, 'info');
  return { baseUrl, model: params.model };
}

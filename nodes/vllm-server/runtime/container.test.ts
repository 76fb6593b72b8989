import { describe, expect, it } from 'vitest';
import { serviceCreateOptions } from '../../../main/adapters/docker/service-spec';
import { vllmServerDefinition } from '../definition';
import { listsModel, usesMistralFormat, vllmArgs, vllmContainer } from './container';

const params = (p: Record<string, unknown> = {}) => vllmServerDefinition.params.parse(p);
const owner = { projectId: 'shop', nodeId: 'vllm', runId: 'run-1' };

describe('the vLLM container', () => {
  it('asks for every GPU, a 16 GiB /dev/shm, the weights volume and the port on 127.0.0.1', () => {
    const spec = vllmContainer({
      name: 'vllm',
      image: 'vllm/vllm-openai:v0.11.0',
      params: params({ model: 'mistralai/Codestral-22B-v0.1', port: 8123, hfTokenSecret: 'HF', apiKeySecret: 'VLLM_KEY' }),
      secrets: { hfToken: 'hf_value', apiKey: 'key_value' },
    });
    expect(spec).toMatchObject({
      name: 'vllm',
      image: 'vllm/vllm-openai:v0.11.0',
      containerPort: 8000,
      hostPort: 8123,
      gpus: 'all',
      hostIpc: false,
      shmBytes: 16 * 1024 ** 3,
      volumes: [{ name: 'pipewright-huggingface', target: '/root/.cache/huggingface' }],
      limits: { memoryBytes: 0, cpus: 0, pids: 16_384 },
      healthTimeoutMs: 1_800_000,
      streamLogs: true,
      serviceNetwork: true,
      keep: true,
    });
    // Keys only in the environment (vLLM reads VLLM_API_KEY), never on the command line.
    expect(spec.env).toEqual({ VLLM_NO_USAGE_STATS: '1', DO_NOT_TRACK: '1', HF_HUB_DISABLE_TELEMETRY: '1', HF_TOKEN: 'hf_value', VLLM_API_KEY: 'key_value' });
    expect(spec.command!.join(' ')).not.toMatch(/hf_value|key_value|--api-key/);
    expect(spec.redact).toEqual([
      { name: 'HF', value: 'hf_value' },
      { name: 'VLLM_KEY', value: 'key_value' },
    ]);
    expect(spec.ready).toMatchObject({ path: '/v1/models', headers: { authorization: 'Bearer key_value' } });

    const docker = serviceCreateOptions({ owner, opts: spec, hash: 'h', hostPort: spec.hostPort });
    expect(docker.Image).toBe('vllm/vllm-openai:v0.11.0');
    expect(docker.Cmd).toEqual(spec.command);
    expect(docker.ExposedPorts).toEqual({ '8000/tcp': {} });
    expect(docker.HostConfig).toMatchObject({
      DeviceRequests: [{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }],
      ShmSize: 16 * 1024 ** 3,
      PortBindings: { '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '8123' }] },
      Mounts: [{ Type: 'volume', Source: 'pipewright-huggingface', Target: '/root/.cache/huggingface', VolumeOptions: expect.any(Object) }],
      NetworkMode: 'pipewright-services',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: 0,
      NanoCpus: 0,
      PidsLimit: 16_384,
    });
    expect(docker.HostConfig?.IpcMode).toBeUndefined();
    expect(docker.Env).toEqual([
      'VLLM_NO_USAGE_STATS=1',
      'DO_NOT_TRACK=1',
      'HF_HUB_DISABLE_TELEMETRY=1',
      'HF_TOKEN=hf_value',
      'VLLM_API_KEY=key_value',
      'PORT=8000',
    ]);
  });

  it('names the GPUs given, and shares the host IPC namespace instead of a private /dev/shm when asked', () => {
    const spec = vllmContainer({ name: 'vllm', image: 'i', params: params({ gpus: '0, 2', tensorParallel: 2, hostIpc: true }), secrets: {} });
    expect(spec.gpus).toEqual(['0', '2']);
    expect(spec.shmBytes).toBeUndefined();
    const host = serviceCreateOptions({ owner, opts: spec, hash: 'h', hostPort: undefined }).HostConfig!;
    expect(host.DeviceRequests).toEqual([{ Driver: 'nvidia', DeviceIDs: ['0', '2'], Capabilities: [['gpu']] }]);
    expect(host.IpcMode).toBe('host');
    expect(host.ShmSize).toBeUndefined();
    expect(spec.env).not.toHaveProperty('HF_TOKEN');
    expect(spec.env).not.toHaveProperty('VLLM_API_KEY');
    expect(spec.ready?.headers).toBeUndefined();
  });

  it("passes vLLM's engine arguments, with Mistral's tokenizer and tool-call flags for Mistral models", () => {
    expect(vllmArgs(params({ model: 'mistralai/Codestral-22B-v0.1', servedName: 'codestral', maxModelLen: 32768, gpuMemoryUtilization: 0.85, tensorParallel: 2 }))).toEqual([
      '--model', 'mistralai/Codestral-22B-v0.1',
      '--served-model-name', 'codestral',
      '--host', '0.0.0.0',
      '--port', '8000',
      '--gpu-memory-utilization', '0.85',
      '--tensor-parallel-size', '2',
      '--max-model-len', '32768',
      '--tokenizer-mode', 'mistral',
      '--config-format', 'mistral',
      '--load-format', 'mistral',
      '--tool-call-parser', 'mistral',
      '--enable-auto-tool-choice',
    ]);
    expect(vllmArgs(params({ model: 'codellama/CodeLlama-34b-Instruct-hf' }))).toEqual([
      '--model', 'codellama/CodeLlama-34b-Instruct-hf',
      '--served-model-name', 'codellama/CodeLlama-34b-Instruct-hf',
      '--host', '0.0.0.0',
      '--port', '8000',
      '--gpu-memory-utilization', '0.9',
      '--tensor-parallel-size', '1',
    ]);
  });

  it('turns the Mistral formats on for mistralai/ models unless told otherwise', () => {
    expect(usesMistralFormat(params({ model: 'mistralai/Devstral-Small-2507' }))).toBe(true);
    expect(usesMistralFormat(params({ model: 'mistralai/Devstral-Small-2507', mistralFormat: 'off' }))).toBe(false);
    expect(usesMistralFormat(params({ model: 'someone/mistral-7b-awq' }))).toBe(false);
    expect(usesMistralFormat(params({ model: 'someone/mistral-7b-consolidated', mistralFormat: 'on' }))).toBe(true);
  });

  it('is ready only once /v1/models lists the served name', () => {
    const ready = listsModel('coder');
    expect(ready('{"object":"list","data":[]}')).toBe('the model coder is not loaded yet');
    expect(ready('{"data":[{"id":"other"}]}')).toBe('the server lists other, not coder');
    expect(ready('<html>')).toBe('GET /v1/models did not answer JSON yet');
    expect(ready('{"data":[{"id":"other"},{"id":"coder"}]}')).toBeUndefined();
  });

  it('refuses params vLLM would refuse, naming the field', () => {
    const issues = (p: Record<string, unknown>) => vllmServerDefinition.params.safeParse(p).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ gpuMemoryUtilization: 1.5 })).toEqual(['gpuMemoryUtilization: Too big: expected number to be <=1']);
    expect(issues({ gpus: '0 and 1' })).toEqual(['gpus: all, or GPU numbers separated by commas, such as 0,1']);
    expect(issues({ model: 'not a model' })).toEqual(['model: a Hugging Face model id, such as mistralai/Codestral-22B-v0.1']);
    expect(issues({ hfTokenSecret: 'hf token' })?.[0]).toMatch(/^hfTokenSecret: a secret name uses/);
  });
});

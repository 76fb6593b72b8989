import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../../main/adapters/docker';
import { dockerForTests, projectContainers, removeProject, testImage, testProject } from '../../../main/adapters/docker/docker.test-support';
import { listServices } from '../../../main/services';
import { Store } from '../../../main/store';
import { codeGeneratorDefinition } from '../../code-generator/definition';
import { codeGeneratorRuntime } from '../../code-generator/runtime';
import { modelServerContext, type ModelServerTestContext } from '../../model-servers.test-support';
import { NodeError, type WorkspaceValue } from '../../sdk';
import { vllmServerDefinition } from '../definition';
import { vllmServerRuntime } from './index';
import { startVllm } from './start';

// The vLLM image needs NVIDIA GPUs and real weights; these tests run the vLLM stand-in
// (pipewright-stand-in/vllm, .ci/images/stand-ins/vllm.cjs): a small server taking vLLM's
// command line and serving its API. The machines tests run on have no GPU, so the stand-in
// runs through startVllm's test-only omitGpuRequestForStandIn; what vLLM itself would be
// asked for (the GPU request included) is asserted field by field in container.test.ts, and
// the real runtime's refusal without an NVIDIA runtime is asserted here against the engine.
const docker = await dockerForTests(['vllm']);
const project = testProject('vllm');
const volume = `pw-test-hf-${randomUUID().slice(0, 8)}`;
const STAND_IN = testImage('vllm');

const contexts: ModelServerTestContext[] = [];
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.dispose();
});

describe.skipIf(!docker)('vllm-server against the vLLM stand-in image', () => {
  const client = docker!;
  const hfToken = `hf_${randomUUID()}`;
  const apiKey = `vk-${randomUUID()}`;
  // One store for the file: the secrets the nodes read, and the code generator's accounting.
  let home: string;
  let store: Store;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pw-vllm-'));
    store = Store.open(home);
    store.secrets.set('HF_TOKEN', hfToken);
    store.secrets.set('VLLM_KEY', apiKey);
  });
  afterAll(async () => {
    await removeProject(client, project);
    store.close();
    await rm(home, { recursive: true, force: true });
  });

  async function context(nodeId: string) {
    const c = await modelServerContext(client, { projectId: project, nodeId, store });
    contexts.push(c);
    return c;
  }
  const params = (p: Record<string, unknown> = {}) =>
    vllmServerDefinition.params.parse({
      model: 'mistralai/Devstral-Small-2507',
      servedName: 'devstral',
      hfTokenSecret: 'HF_TOKEN',
      apiKeySecret: 'VLLM_KEY',
      image: STAND_IN,
      cacheVolume: volume,
      ...p,
    });

  it('refuses to start on an engine without an NVIDIA runtime, naming the node and param, before anything is pulled', async () => {
    const t = await context('gpu');
    const runtimes = Object.keys(((await client.docker.info()) as { Runtimes?: object }).Runtimes ?? {});
    if (runtimes.includes('nvidia')) {
      // An engine with GPUs answers yes instead (CI machines have none).
      expect(await t.ctx.docker.gpuSupport()).toEqual({ ok: true });
      return;
    }
    const never = `pipewright-test/never-pulled-${randomUUID().slice(0, 8)}:1`;
    const error = await vllmServerRuntime.run({ inputs: {}, params: params({ image: never }), ctx: t.ctx }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toMatch(
      /^node "gpu" needs NVIDIA GPUs for vLLM \(param "gpus": all\), but Docker has no "nvidia" runtime \(it lists .*\).*; nothing was pulled or started$/,
    );
    expect((error as NodeError).detail).toContain('an ollama-server node runs models on the CPU');
    expect(t.text()).not.toContain('pulling');
    expect(await client.docker.getImage(never).inspect().then(() => 'present', () => 'absent')).toBe('absent');
    expect((await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === 'gpu')).toEqual([]);
  });

  it('waits while the model loads, streaming its output, and hands on an endpoint a code generator uses', async () => {
    const t = await context('vllm');
    const endpoint = await startVllm(t.ctx, params(), { omitGpuRequestForStandIn: true });
    expect(endpoint).toEqual({ baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/), model: 'devstral', apiKeySecret: 'VLLM_KEY' });

    const log = t.text();
    // The stand-in printed its loading progress into the node's log before the node was done.
    expect(log.indexOf('Loading safetensors checkpoint shards: 100% Completed')).toBeGreaterThan(-1);
    expect(log.indexOf('Loading safetensors checkpoint shards: 100% Completed')).toBeLessThan(log.indexOf('vLLM serves "devstral"'));
    expect(log).toContain('"tokenizer-mode":"mistral"');
    expect(log).not.toContain(hfToken);
    expect(log).not.toContain(apiKey);

    // The running container, as Docker reports it (everything but the GPU request it omitted).
    const [c] = (await projectContainers(client, project)).filter((x) => x.Labels[LABEL.node] === 'vllm');
    const info = await client.docker.getContainer(c.Id).inspect();
    expect(info.Config.Image).toBe(STAND_IN);
    expect(info.Config.Cmd).toEqual(expect.arrayContaining(['--served-model-name', 'devstral', '--tool-call-parser', 'mistral', '--enable-auto-tool-choice']));
    expect(info.Config.Env).toEqual(expect.arrayContaining([`HF_TOKEN=${hfToken}`, `VLLM_API_KEY=${apiKey}`]));
    expect(info.HostConfig.ShmSize).toBe(16 * 1024 ** 3);
    expect(info.HostConfig.PortBindings?.['8000/tcp']).toEqual([{ HostIp: '127.0.0.1', HostPort: '' }]);
    expect(info.Mounts).toEqual([expect.objectContaining({ Type: 'volume', Name: volume, Destination: '/root/.cache/huggingface' })]);
    expect(info.Config.Labels).toMatchObject({ [LABEL.keep]: 'true', [LABEL.name]: 'vllm' });

    const listed = await listServices({ docker: client }, { projectId: project });
    expect(listed.services).toEqual([expect.objectContaining({ nodeId: 'vllm', url: endpoint.baseUrl.replace(/\/v1$/, ''), keep: true, kind: 'docker' })]);

    const coder = await context('coder');
    const generated = await codeGeneratorRuntime.run({
      inputs: { blueprint: '# Plant shop\nSells plants.', endpoint },
      params: codeGeneratorDefinition.params.parse({ mode: 'single-shot' }),
      ctx: coder.ctx,
    });
    const folder = (generated.workspace as WorkspaceValue).path;
    expect(await readFile(join(folder, 'SERVED_BY.md'), 'utf8')).toBe('# Served by the vLLM stand-in\n\nModel: devstral\nBlueprint: # Plant shop\n');
    expect(coder.text()).not.toContain(apiKey);
  });

  it('reuses the running server for the same configuration, and replaces it when a param changes', async () => {
    const first = await startVllm((await context('vllm')).ctx, params(), { omitGpuRequestForStandIn: true });
    const t = await context('vllm');
    const began = Date.now();
    const again = await startVllm(t.ctx, params(), { omitGpuRequestForStandIn: true });
    expect(again).toEqual(first);
    expect(Date.now() - began).toBeLessThan(1500);
    expect(t.text()).toContain('vLLM was already serving "devstral"');
    expect(t.text()).not.toContain('Loading safetensors');
    const before = (await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === 'vllm').map((c) => c.Id);

    const changed = await context('vllm');
    const replaced = await startVllm(changed.ctx, params({ gpuMemoryUtilization: 0.8 }), { omitGpuRequestForStandIn: true });
    expect(replaced.baseUrl).toBe(first.baseUrl);
    expect(changed.text()).toContain('its configuration changed');
    const after = (await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === 'vllm').map((c) => c.Id);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });

  it('stops and removes the server when the run is cancelled while the model loads', async () => {
    const t = await context('cancelled');
    const starting = startVllm(t.ctx, params(), { omitGpuRequestForStandIn: true }).catch((e: unknown) => e);
    while (!t.text().includes('Loading safetensors')) await new Promise((r) => setTimeout(r, 20));
    t.controller.abort();
    expect(await starting).toMatchObject({ name: 'AbortError' });
    expect((await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === 'cancelled')).toEqual([]);
  });

  it('says which param to fix when the GPUs named are fewer than tensorParallel', async () => {
    const t = await context('split');
    const error = await vllmServerRuntime.run({ inputs: {}, params: params({ gpus: '0', tensorParallel: 2 }), ctx: t.ctx }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('param "tensorParallel" is 2, but param "gpus" names 1 GPU (0); name at least 2, or set gpus to all');
  });

  it('names the param whose secret is not set', async () => {
    const t = await context('nokey');
    const error = await startVllm(t.ctx, params({ apiKeySecret: 'NOT_SET_ANYWHERE' }), { omitGpuRequestForStandIn: true }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^param "apiKeySecret": node "nokey" needs the secret "NOT_SET_ANYWHERE", which is not set/);
    expect((await projectContainers(client, project)).filter((c) => c.Labels[LABEL.node] === 'nokey')).toEqual([]);
  });
});

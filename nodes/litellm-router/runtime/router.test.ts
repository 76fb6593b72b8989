import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../../main/adapters/docker';
import { dockerForTests, projectContainers, removeProject, testImage, testProject } from '../../../main/adapters/docker/docker.test-support';
import { Store } from '../../../main/store';
import { codeGeneratorDefinition } from '../../code-generator/definition';
import { codeGeneratorRuntime } from '../../code-generator/runtime';
import { modelServerContext, type ModelServerTestContext } from '../../model-servers.test-support';
import { ollamaServerDefinition } from '../../ollama-server/definition';
import { ollamaServerRuntime } from '../../ollama-server/runtime';
import { NodeError, type EndpointValue, type WorkspaceValue } from '../../sdk';
import { vllmServerDefinition } from '../../vllm-server/definition';
import { startVllm } from '../../vllm-server/runtime/start';
import { litellmRouterDefinition } from '../definition';
import { litellmRouterRuntime } from './index';

// Stand-ins for all three images (.ci/images/stand-ins/): the LiteLLM stand-in reads the
// config.yaml the node writes with a real YAML parser and forwards requests to the deployments
// it names, so these tests show the router reaching the vLLM and Ollama stand-ins by container
// name, with the upstream key from its environment, and falling back when one is down. The
// vLLM stand-in runs without a GPU request (see vllm.test.ts for why).
const docker = await dockerForTests(['vllm', 'ollama', 'litellm']);
const project = testProject('router');
const volumes = { hf: `pw-test-hf-${randomUUID().slice(0, 8)}`, ollama: `pw-test-ollama-${randomUUID().slice(0, 8)}` };

const contexts: ModelServerTestContext[] = [];
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.dispose();
});

describe.skipIf(!docker)('litellm-router against the LiteLLM, vLLM and Ollama stand-in images', () => {
  const client = docker!;
  const masterKey = `sk-${randomUUID()}`;
  const vllmKey = `vk-${randomUUID()}`;
  let home: string;
  let store: Store;
  let upstream: { vllm: EndpointValue; ollama: EndpointValue };

  async function context(nodeId: string) {
    const c = await modelServerContext(client, { projectId: project, nodeId, store, workspaceRoot: join(home, 'workspaces') });
    contexts.push(c);
    return c;
  }
  const routerParams = (p: Record<string, unknown> = {}) =>
    litellmRouterDefinition.params.parse({
      aliases: { coder: 'endpoint1', fast: 'endpoint2' },
      fallbacks: { coder: ['fast'] },
      masterKeySecret: 'ROUTER_KEY',
      image: testImage('litellm'),
      ...p,
    });
  const route = async (t: ModelServerTestContext, p: Record<string, unknown> = {}) =>
    (await litellmRouterRuntime.run({ inputs: { endpoint1: upstream.vllm, endpoint2: upstream.ollama }, params: routerParams(p), ctx: t.ctx }))
      .endpoint as EndpointValue;
  const chat = (endpoint: EndpointValue, model: string, key = masterKey) =>
    fetch(`${endpoint.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
      signal: AbortSignal.timeout(10_000),
    });

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pw-router-'));
    store = Store.open(home);
    store.secrets.set('ROUTER_KEY', masterKey);
    store.secrets.set('VLLM_KEY', vllmKey);
    const vllm = await startVllm(
      (await context('vllm')).ctx,
      vllmServerDefinition.params.parse({ model: 'mistralai/Devstral-Small-2507', servedName: 'devstral', apiKeySecret: 'VLLM_KEY', image: testImage('vllm'), cacheVolume: volumes.hf }),
      { omitGpuRequestForStandIn: true },
    );
    const ollama = (
      await ollamaServerRuntime.run({
        inputs: {},
        params: ollamaServerDefinition.params.parse({ model: 'qwen2.5-coder:7b', image: testImage('ollama'), modelVolume: volumes.ollama }),
        ctx: (await context('ollama')).ctx,
      })
    ).endpoint as EndpointValue;
    upstream = { vllm, ollama };
  });
  afterAll(async () => {
    await removeProject(client, project);
    store.close();
    await rm(home, { recursive: true, force: true });
  });

  it('routes each alias to the server wired to it, by container name, and a code generator uses the router', async () => {
    const t = await context('router');
    const endpoint = await route(t);
    expect(endpoint).toEqual({ baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/), model: 'coder', apiKeySecret: 'ROUTER_KEY' });
    const log = t.text();
    expect(log).toContain(`"coder" → devstral at http://pipewright-${project}-vllm:8000/v1 (${upstream.vllm.baseUrl} on this machine), from endpoint1`);
    expect(log).toContain(`"fast" → qwen2.5-coder:7b at http://pipewright-${project}-ollama:11434/v1`);
    expect(log).toContain('Set models: coder, fast');
    expect(log).not.toContain(masterKey);
    expect(log).not.toContain(vllmKey);

    // config.yaml names the keys by reference only, and is what the container reads.
    const configFile = join(home, 'workspaces', 'router-litellm', 'config.yaml');
    const config = await readFile(configFile, 'utf8');
    expect(config).toContain('api_key: "os.environ/PIPEWRIGHT_UPSTREAM_KEY_1"');
    expect(config).toContain('master_key: "os.environ/LITELLM_MASTER_KEY"');
    expect(config).not.toContain(masterKey);
    expect(config).not.toContain(vllmKey);
    const [c] = (await projectContainers(client, project)).filter((x) => x.Labels[LABEL.node] === 'router');
    const info = await client.docker.getContainer(c.Id).inspect();
    expect(info.Mounts).toEqual([expect.objectContaining({ Type: 'bind', Source: configFile, Destination: '/app/config.yaml', RW: false })]);
    expect(info.Config.Env).toEqual(expect.arrayContaining([`LITELLM_MASTER_KEY=${masterKey}`, `PIPEWRIGHT_UPSTREAM_KEY_1=${vllmKey}`]));

    const models = await fetch(`${endpoint.baseUrl}/models`, { headers: { authorization: `Bearer ${masterKey}` } });
    expect(((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toEqual(['coder', 'fast']);
    expect((await fetch(`${endpoint.baseUrl}/models`)).status).toBe(401);

    const coder = await context('coder');
    const generated = await codeGeneratorRuntime.run({
      inputs: { blueprint: '# Recipe box\nKeeps recipes.', endpoint },
      params: codeGeneratorDefinition.params.parse({ mode: 'single-shot' }),
      ctx: coder.ctx,
    });
    expect(await readFile(join((generated.workspace as WorkspaceValue).path, 'SERVED_BY.md'), 'utf8')).toBe(
      '# Served by the vLLM stand-in\n\nModel: devstral\nBlueprint: # Recipe box\n',
    );
    expect(coder.text()).not.toContain(masterKey);
  });

  it('reuses the router while its configuration and endpoints are unchanged, and replaces it when one changes', async () => {
    const first = await route(await context('router'));
    const t = await context('router');
    expect(await route(t)).toEqual(first);
    expect(t.text()).toContain('LiteLLM was already routing "coder", "fast"');
    const changed = await context('router');
    expect(await route(changed, { retries: 0 })).toEqual(first);
    expect(changed.text()).toContain('its configuration changed');
  });

  it('falls back to the next alias when the server behind one is down', async () => {
    const endpoint = await route(await context('router'));
    const [vllm] = (await projectContainers(client, project)).filter((x) => x.Labels[LABEL.node] === 'vllm');
    await client.docker.getContainer(vllm.Id).stop({ t: 1 });
    const res = await chat(endpoint, 'coder');
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(answer.choices[0].message.content).toBe('Hello from the Ollama stand-in (model qwen2.5-coder:7b).');
    expect((await chat(endpoint, 'coder', 'sk-wrong')).status).toBe(401);
  });

  it('refuses a master key LiteLLM would not take, naming the param and the secret but not the value', async () => {
    store.secrets.set('WEAK_KEY', 'sk-1234');
    store.secrets.set('PLAIN_KEY', 'plain-password');
    for (const name of ['WEAK_KEY', 'PLAIN_KEY']) {
      const t = await context(`weak-${name.toLowerCase()}`);
      const error = await route(t, { masterKeySecret: name }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NodeError);
      expect((error as Error).message).toMatch(new RegExp(`^param "masterKeySecret": LiteLLM needs a master key that starts with sk- .*set the secret "${name}"`));
      expect((error as Error).message).not.toMatch(/sk-1234|plain-password/);
    }
    expect((await projectContainers(client, project)).filter((x) => x.Labels[LABEL.node].startsWith('weak-'))).toEqual([]);
  });
});

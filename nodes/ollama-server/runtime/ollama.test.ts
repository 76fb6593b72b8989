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
import { NodeError, type EndpointValue, type WorkspaceValue } from '../../sdk';
import { ollamaServerDefinition } from '../definition';
import { ollamaServerRuntime } from './index';

// The Ollama stand-in (pipewright-stand-in/ollama, .ci/images/stand-ins/ollama.cjs) serves
// Ollama's API with a fake registry: a pull streams progress for a second and records the
// model in /root/.ollama, the named volume, as Ollama does; names starting with no-such do not exist.
const docker = await dockerForTests(['ollama']);
const project = testProject('ollama');
const volume = `pw-test-ollama-${randomUUID().slice(0, 8)}`;
const STAND_IN = testImage('ollama');

const contexts: ModelServerTestContext[] = [];
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.dispose();
});

describe.skipIf(!docker)('ollama-server against the Ollama stand-in image', () => {
  const client = docker!;
  let home: string;
  let store: Store;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pw-ollama-'));
    store = Store.open(home);
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
    ollamaServerDefinition.params.parse({ model: 'qwen2.5-coder:7b', image: STAND_IN, modelVolume: volume, ...p });
  const run = async (t: ModelServerTestContext, p: Record<string, unknown> = {}) =>
    (await ollamaServerRuntime.run({ inputs: {}, params: params(p), ctx: t.ctx })).endpoint as EndpointValue;

  it('pulls the model with its progress in the log and hands on the /v1 endpoint a code generator uses', async () => {
    const t = await context('ollama');
    const endpoint = await run(t);
    expect(endpoint).toEqual({ baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/), model: 'qwen2.5-coder:7b' });
    const log = t.text();
    for (const line of ['pulling qwen2.5-coder:7b', 'pulling manifest', 'pulling 6a0746a1ec1a: 0% of 4.7 GB', 'pulling 6a0746a1ec1a: 50% of 4.7 GB', 'pulling 6a0746a1ec1a: 100% of 4.7 GB', 'writing manifest', 'success']) {
      expect(log).toContain(`${line}\n`);
    }
    expect(log.indexOf('success')).toBeLessThan(log.indexOf('Ollama serves "qwen2.5-coder:7b"'));

    const models = (await (await fetch(`${endpoint.baseUrl}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(['qwen2.5-coder:7b']);

    const coder = await context('coder');
    const generated = await codeGeneratorRuntime.run({
      inputs: { blueprint: '# Notes app\nKeeps notes.', endpoint },
      params: codeGeneratorDefinition.params.parse({ mode: 'single-shot' }),
      ctx: coder.ctx,
    });
    expect(await readFile(join((generated.workspace as WorkspaceValue).path, 'SERVED_BY.md'), 'utf8')).toBe(
      '# Served by the Ollama stand-in\n\nModel: qwen2.5-coder:7b\nBlueprint: # Notes app\n',
    );
  });

  it('reuses the running server without pulling again, and a new container finds the model in the volume', async () => {
    const first = await run(await context('ollama'));
    const t = await context('ollama');
    expect(await run(t)).toEqual(first);
    expect(t.text()).toContain('reusing pipewright-');
    expect(t.text()).toContain('qwen2.5-coder:7b is already pulled');
    expect(t.text()).not.toContain('pulling manifest');

    // Another node, another container, the same volume: the model is there already.
    const other = await context('ollama-2');
    const second = await run(other);
    expect(second.baseUrl).not.toBe(first.baseUrl);
    expect(other.text()).toContain('qwen2.5-coder:7b is already pulled');
  });

  it('names the param when the model does not exist, and says what to check', async () => {
    const t = await context('missing');
    const error = await run(t, { model: 'no-such-model:1b' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toBe('param "model": Ollama could not pull "no-such-model:1b": pull model manifest: file does not exist');
    expect((error as NodeError).detail).toContain('https://ollama.com/library');
  });

  it('stops the pull when the run is cancelled; a server not kept is gone with its run', async () => {
    const t = await context('cancelled');
    const pulling = run(t, { model: 'codestral:22b', keep: false }).catch((e: unknown) => e);
    while (!t.text().includes('pulling manifest')) await new Promise((r) => setTimeout(r, 20));
    t.controller.abort();
    expect(await pulling).toMatchObject({ name: 'AbortError' });
    // The host removes a run's containers that are not kept when the run ends (cancelled or not).
    const [c] = (await projectContainers(client, project)).filter((x) => x.Labels[LABEL.node] === 'cancelled');
    expect(c.Labels[LABEL.keep]).toBe('false');
    expect(await client.removeRunLeftovers(c.Labels[LABEL.run])).toBe(1);
    expect((await projectContainers(client, project)).filter((x) => x.Labels[LABEL.node] === 'cancelled')).toEqual([]);
  });

  it('asks for GPUs only when named, and refuses before pulling on an engine without an NVIDIA runtime', async () => {
    const t = await context('gpu');
    const runtimes = Object.keys(((await client.docker.info()) as { Runtimes?: object }).Runtimes ?? {});
    if (runtimes.includes('nvidia')) {
      expect(await t.ctx.docker.gpuSupport()).toEqual({ ok: true });
      return;
    }
    const error = await run(t, { gpus: 'all', image: `pipewright-test/never-pulled-${randomUUID().slice(0, 8)}:1` }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^node "gpu" asks for NVIDIA GPUs \(param "gpus": all\), but Docker has no "nvidia" runtime/);
    expect((error as NodeError).detail).toContain('Clear the gpus param to run the model on the CPU');
    expect(t.text()).not.toContain('pulling');
  });
});

import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL } from '../../../main/adapters/docker';
import { dockerForTests, projectContainers, removeProject, testImage, testProject } from '../../../main/adapters/docker/docker.test-support';
import type { EngineEvent } from '../../../main/engine/events';
import type { RunHandle } from '../../../main/engine/run-result';
import { openHost, type Host } from '../../../main/host';
import { startRun } from '../../../main/run-pipeline';
import { listServices } from '../../../main/services';
import { FORMAT, type EndpointValue, type Pipeline, type WorkspaceValue } from '../../sdk';

// Model servers in a pipeline run by the real host (engine, store, Docker client, clean-up
// after the run), on the stand-in images: two Ollama servers behind a LiteLLM router feeding a
// code generator. (vLLM needs a GPU request the machines tests run on cannot grant; its
// stand-in runs at the runtime level in vllm.test.ts and router.test.ts.)
const docker = await dockerForTests(['ollama', 'litellm']);
const project = testProject('model-pipeline');
const volume = `pw-test-ollama-${randomUUID().slice(0, 8)}`;

const ollama = (id: string, model: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'ollama-server',
  params: { model, image: testImage('ollama'), modelVolume: volume, ...extra },
  position: { x: 0, y: 0 },
});

const pipeline: Pipeline = {
  format: FORMAT,
  // The project's main pipeline: its services are named by node alone.
  id: project,
  name: 'Model servers',
  nodes: [
    ollama('big', 'coder-model:1'),
    ollama('small', 'fast-model:2'),
    {
      id: 'router',
      kind: 'litellm-router',
      params: { aliases: { coder: 'endpoint1', fast: 'endpoint2' }, fallbacks: { coder: ['fast'] }, masterKeySecret: 'ROUTER_KEY', image: testImage('litellm') },
      position: { x: 300, y: 0 },
    },
    { id: 'plan', kind: 'text', params: { text: '# Garden planner\nPlans gardens.' }, position: { x: 300, y: 200 } },
    { id: 'gen', kind: 'code-generator', params: { mode: 'single-shot' }, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'e1', from: { node: 'big', port: 'endpoint' }, to: { node: 'router', port: 'endpoint1' } },
    { id: 'e2', from: { node: 'small', port: 'endpoint' }, to: { node: 'router', port: 'endpoint2' } },
    { id: 'e3', from: { node: 'router', port: 'endpoint' }, to: { node: 'gen', port: 'endpoint' } },
    { id: 'e4', from: { node: 'plan', port: 'text' }, to: { node: 'gen', port: 'blueprint' } },
  ],
};

describe.skipIf(!docker)('a pipeline of model servers in the real host, on stand-in images', () => {
  const masterKey = `sk-${randomUUID()}`;
  let home: string;
  let host: Host;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'pw-model-pipeline-'));
    host = openHost({ home });
    host.store.secrets.set('ROUTER_KEY', masterKey);
  });
  afterAll(async () => {
    await removeProject(docker!, project);
    host.close();
    await rm(home, { recursive: true, force: true });
  });

  const run = async (doc: Pipeline, onEvent?: (e: EngineEvent, cancel: (reason: string) => void) => void) => {
    const events: EngineEvent[] = [];
    // Events start before startRun returns: the handle is looked up when a cancel comes.
    const started: { handle?: RunHandle } = {};
    const cancel = (reason: string) => started.handle?.cancel(reason);
    started.handle = startRun(host, { doc, projectId: project, onEvent: (e) => (events.push(e), onEvent?.(e, cancel)) }).handle;
    const summary = await started.handle.done;
    host.store.runs.flush();
    return { summary, events, logs: host.store.runs.logs(summary.runId) };
  };

  it('serves, routes and generates; lists the servers in Services; reuses them on the next run; never shows the key', { timeout: 90_000 }, async () => {
    const first = await run(pipeline);
    expect(first.summary.status, JSON.stringify(first.summary.nodes, null, 1)).toBe('succeeded');
    const endpoint = first.summary.nodes.router.outputs!.endpoint as EndpointValue;
    expect(endpoint).toEqual({ baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/), model: 'coder', apiKeySecret: 'ROUTER_KEY' });
    const folder = (first.summary.nodes.gen.outputs!.workspace as WorkspaceValue).path;
    expect(await readFile(join(folder, 'SERVED_BY.md'), 'utf8')).toBe('# Served by the Ollama stand-in\n\nModel: coder-model:1\nBlueprint: # Garden planner\n');

    const listed = await listServices({ docker: host.docker, local: host.localServices }, { projectId: project });
    expect(listed.services.map((s) => [s.nodeId, s.kind, s.keep, s.status]).sort()).toEqual([
      ['big', 'docker', true, 'running'],
      ['router', 'docker', true, 'running'],
      ['small', 'docker', true, 'running'],
    ]);
    expect(listed.services.find((s) => s.nodeId === 'router')?.url).toBe(endpoint.baseUrl.replace(/\/v1$/, ''));

    const second = await run(pipeline);
    expect(second.summary.status).toBe('succeeded');
    const said = (node: string) => second.logs.filter((l) => l.nodeId === node).map((l) => l.chunk).join('');
    expect(said('big')).toContain('coder-model:1 is already pulled');
    for (const node of ['big', 'small', 'router']) expect(said(node)).toContain(`reusing pipewright-${project}-${node}`);
    expect(second.summary.nodes.router.outputs!.endpoint).toEqual(endpoint);

    // The key reached the router's container and nothing a person sees or exports.
    for (const r of [first, second]) {
      expect(JSON.stringify(r.events)).not.toContain(masterKey);
      expect(JSON.stringify(r.logs)).not.toContain(masterKey);
    }
    expect(JSON.stringify(host.store.runs.get(first.summary.runId))).not.toContain(masterKey);
  });

  it('on cancel stops the servers the run started without keeping them, and leaves the kept ones', { timeout: 90_000 }, async () => {
    const doc: Pipeline = {
      ...pipeline,
      id: 'model-servers-cancelled',
      nodes: [ollama('scratch', 'scratch-model:3', { keep: false })],
      edges: [],
    };
    const cancelled = await run(doc, (e, cancel) => {
      if (e.type === 'node-log' && e.chunk.includes('pulling manifest')) cancel('the person pressed Cancel');
    });
    expect(cancelled.summary.status).toBe('cancelled');
    const left = await projectContainers(docker!, project);
    // Another pipeline of the project: its node owns its services as @<pipeline>/<node>.
    expect(left.filter((c) => c.Labels[LABEL.node] === '@model-servers-cancelled/scratch' || c.Labels[LABEL.node] === 'scratch')).toEqual([]);
    expect(left.map((c) => c.Labels[LABEL.node]).sort()).toEqual(['big', 'router', 'small']);
  });
});

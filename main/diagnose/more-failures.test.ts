import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../../nodes/build-deploy/runtime/test-apps.test-support';
import { FORMAT, type NodeInstance, type Pipeline } from '../../nodes/sdk';
import { dockerForTests, removeProject, testImage, testProject } from '../adapters/docker/docker.test-support';
import { reply, startStandInModel, type StandInModel } from '../adapters/llm/stand-in-model.test-support';
import { openHost, type Host } from '../host';
import { startRun } from '../run-pipeline';
import { LLM_ENDPOINTS, LLM_PRICES, LLM_ROUTER, llmBudgetKey } from '../settings-keys';
import { diagnoseRun } from '.';

// Real failures of git, a code generator over budget and a model server asking for a GPU this
// engine lacks, each run through the host and diagnosed from the stored run; then a failure no
// rule knows, answered by a model routed for troubleshooting (the scripted stand-in server).
const docker = await dockerForTests(['vllm']);
const project = testProject('diagnose-more');

const node = (id: string, kind: string, params: Record<string, unknown> = {}): NodeInstance => ({ id, kind, version: 1, params, position: { x: 0, y: 0 } });
const doc = (nodes: NodeInstance[], edges: [string, string, string, string][] = [], inputs: Pipeline['inputs'] = []): Pipeline => ({
  format: FORMAT,
  id: `diagnose-${nodes.at(-1)!.id}`,
  name: 'Diagnose',
  inputs,
  nodes,
  edges: edges.map(([fn, fp, tn, tp], i) => ({ id: `e${i}`, from: { node: fn, port: fp }, to: { node: tn, port: tp } })),
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=Someone Else', '-c', 'user.email=else@example.org', ...args], { cwd, encoding: 'utf8' }).trim();

let home: string;
let host: Host;
const models: StandInModel[] = [];
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pw-diagnose-more-'));
  host = openHost({ home });
});
afterEach(async () => {
  await Promise.all(models.splice(0).map((m) => m.close()));
});
afterAll(async () => {
  if (docker) await removeProject(docker, project);
  host?.close();
  await rm(home, { recursive: true, force: true });
});

async function runToFailure(pipeline: Pipeline, inputs: Record<string, unknown> = {}) {
  const { runId, handle } = startRun(host, { doc: pipeline, projectId: project, inputs });
  const summary = await handle.done;
  expect(summary.status, JSON.stringify(summary.nodes)).toBe('failed');
  return runId;
}

const said = (r: Awaited<ReturnType<typeof diagnoseRun>>) => `${r.context.error}\n${r.context.logTail}`;

describe('diagnosing failures outside Docker builds', () => {
  it('git push rejected: the remote branch moved ahead of the workspace', async () => {
    const remote = join(home, 'remote.git');
    execFileSync('git', ['init', '--bare', '--quiet', '-b', 'main', remote]);
    const other = join(home, 'other-clone');
    execFileSync('git', ['clone', '--quiet', remote, other]);
    await writeFiles(other, { 'README.md': 'their work\n' });
    git(other, 'add', '.');
    git(other, 'commit', '--quiet', '-m', 'Their commit');
    git(other, 'push', '--quiet', 'origin', 'HEAD:main');

    const app = await writeFiles(join(home, 'git-app'), { 'server.js': 'console.log("mine")\n' });
    const runId = await runToFailure(
      doc([node('app', 'pipeline-input', { name: 'app', type: 'workspace' }), node('repo', 'git-repo', { remote })], [['app', 'value', 'repo', 'workspace']], [{ name: 'app', type: 'workspace' }]),
      { app: { path: app } },
    );
    const result = await diagnoseRun(host.store, runId, 'repo');
    expect(result.diagnosis, said(result)).toMatchObject({ source: 'git-push-rejected', fixInWorkspace: false });
    expect(result.diagnosis!.fix).toMatch(/merge|rebase/);
  });

  it('budget exceeded: a code generator whose project may spend $0.0001', async () => {
    const model = await startStandInModel({ models: ['pricey-coder'] });
    models.push(model);
    model.script(reply('// a long answer\n'.repeat(2000)));
    host.store.settings.set(LLM_PRICES, { 'pricey-coder': { input: 10, output: 40 } });
    host.store.settings.set(llmBudgetKey(project), 0.0001);
    try {
      const runId = await runToFailure(
        doc(
          [
            node('plan', 'text', { text: '# Notes\nA notes app.' }),
            node('llm', 'llm-endpoint', { baseUrl: model.url, model: 'pricey-coder' }),
            node('gen', 'code-generator', { mode: 'single-shot' }),
          ],
          [
            ['plan', 'text', 'gen', 'blueprint'],
            ['llm', 'endpoint', 'gen', 'endpoint'],
          ],
        ),
      );
      const result = await diagnoseRun(host.store, runId, undefined);
      expect(result.context.nodeId).toBe('gen');
      expect(result.diagnosis, said(result)).toMatchObject({ source: 'budget-exceeded', fixInWorkspace: false });
      expect(result.diagnosis!.fix).toContain(`pipewright budget ${project}`);
    } finally {
      host.store.settings.delete(llmBudgetKey(project));
    }
  });

  it.skipIf(!docker)('no GPU: a vLLM server asking this GPU-less engine for NVIDIA GPUs', async () => {
    const runId = await runToFailure(doc([node('vllm', 'vllm-server', { image: testImage('vllm'), startTimeoutMs: 20_000, keep: false })]));
    const result = await diagnoseRun(host.store, runId, 'vllm');
    expect(result.diagnosis, said(result)).toMatchObject({ source: 'no-gpu', fixInWorkspace: false });
    expect(result.diagnosis!.evidence.join('\n')).toMatch(/nvidia|gpu/i);
  });

  it('with a model: a failure no rule knows is answered by the troubleshooting route, cached the second time', async () => {
    const model = await startStandInModel({ models: ['helper-model'] });
    models.push(model);
    host.store.settings.set(LLM_ENDPOINTS, { helper: { baseUrl: model.url, model: 'helper-model' } });
    host.store.settings.set(LLM_ROUTER, { routes: [{ task: 'troubleshooting', complexity: '*', use: [{ endpoint: 'helper' }] }] });
    const answer = {
      cause: 'the seed script expects a file called seed.csv',
      evidence: ['seed data is missing'],
      fix: 'add seed.csv to the workspace',
      confidence: 'medium',
      fixInWorkspace: true,
    };
    model.script(reply(JSON.stringify(answer)));
    const runId = await runToFailure(doc([node('seed', 'shell', { command: 'echo "seed data is missing" >&2; exit 3' })]));

    const first = await diagnoseRun(host.store, runId, 'seed');
    expect(first.diagnosis).toEqual({ source: 'model', ...answer });
    const prompt = JSON.stringify(model.chats[0].body);
    expect(prompt).toContain('seed data is missing');
    expect(prompt).toContain('Node \\"seed\\" (kind shell) failed');
    // Counted like every call: against the run's project, for the node diagnosed.
    expect(host.store.usage.totals({ runId, nodeId: 'seed' }).calls).toBe(1);

    const again = await diagnoseRun(host.store, runId, 'seed');
    expect(again.diagnosis).toEqual(first.diagnosis);
    expect(model.chats).toHaveLength(1);
  });
});

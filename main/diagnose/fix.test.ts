import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFiles } from '../../nodes/build-deploy/runtime/test-apps.test-support';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { callTool, startStandInModel, type StandInModel } from '../adapters/llm/stand-in-model.test-support';
import { createApi } from '../api';
import { dispatchCall } from '../api/dispatch';
import { runCli } from '../cli/run-cli.test-support';
import { openHost, type Host } from '../host';
import { startRun } from '../run-pipeline';
import { LLM_ENDPOINTS, LLM_ROUTER } from '../settings-keys';

// `pipewright diagnose RUN NODE --fix`: a release script calls a program this machine lacks
// (a real shell node under a real pty); the code generator's agent, played by the scripted
// stand-in model server, rewrites the script; the pipeline runs again from that node.
let home: string;
let host: Host;
let model: StandInModel;
beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), 'pw-diagnose-fix-'));
  host = openHost({ home });
  model = await startStandInModel({ models: ['stand-in-coder'] });
  host.store.settings.set(LLM_ENDPOINTS, { coder: { baseUrl: model.url, model: 'stand-in-coder' } });
  host.store.settings.set(LLM_ROUTER, { routes: [{ task: 'code_generation', complexity: '*', use: [{ endpoint: 'coder' }] }] });
});
afterEach(async () => {
  await model.close();
  host.close();
  rmSync(home, { recursive: true, force: true });
});

const doc: Pipeline = {
  format: FORMAT,
  id: 'release',
  name: 'Release',
  inputs: [{ name: 'app', type: 'workspace' }],
  nodes: [
    { id: 'app', kind: 'pipeline-input', version: 1, params: { name: 'app', type: 'workspace' }, position: { x: 0, y: 0 } },
    { id: 'publish', kind: 'shell', version: 1, params: { command: 'sh release.sh' }, position: { x: 300, y: 0 } },
  ],
  edges: [{ id: 'e', from: { node: 'app', port: 'value' }, to: { node: 'publish', port: 'workspace' } }],
};

describe('diagnose --fix', () => {
  it('hands the diagnosis to the agent, which changes the workspace, and the re-run from the node succeeds', async () => {
    const app = await writeFiles(join(home, 'app'), { 'release.sh': 'frobnicate-release --now\n' });
    const { runId, handle } = startRun(host, { doc, projectId: 'release', inputs: { app: { path: app } } });
    expect((await handle.done).status).toBe('failed');
    host.close();

    model.script(callTool('write_file', { path: 'release.sh', content: 'echo released\n' }), callTool('finish', { summary: 'release.sh no longer calls frobnicate-release' }));
    const res = await runCli(['diagnose', runId, 'publish', '--fix'], home);
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/cause: +the command "frobnicate-release" is not in the image/);
    expect(res.stdout).toMatch(/re-run from publish: succeeded/);
    expect(readFileSync(join(app, 'release.sh'), 'utf8')).toBe('echo released\n');
    // The agent was told the diagnosis: the cause and the evidence line.
    const told = JSON.stringify(model.chats[0].body.messages);
    expect(told).toContain('the command \\"frobnicate-release\\" is not in the image');
    expect(told).toMatch(/frobnicate-release: not found/);

    host = openHost({ home });
    const rerunId = /re-run from publish: succeeded \(run ([\w-]+)\)/.exec(res.stdout)![1];
    expect(host.store.runs.get(rerunId)).toMatchObject({ status: 'succeeded', scope: { kind: 'from', nodeId: 'publish' } });
    expect(host.store.runs.logs(rerunId, 'publish').map((l) => l.chunk).join('')).toContain('released');
  });

  it('refuses a fix that is not a change to the workspace, saying what to do instead', async () => {
    const taken = await writeFiles(join(home, 'push'), { 'x.txt': 'x\n' });
    const pushDoc: Pipeline = { ...doc, id: 'push', nodes: [doc.nodes[0], { ...doc.nodes[1], params: { command: 'echo "error: failed to push some refs to origin" >&2; exit 1' } }] };
    const { runId, handle } = startRun(host, { doc: pushDoc, projectId: 'push', inputs: { app: { path: taken } } });
    expect((await handle.done).status).toBe('failed');
    host.close();
    const res = await runCli(['diagnose', runId, '--fix'], home);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/the fix for node "publish" of run "[\w-]+" is not a change to its files, so no agent can make it: fetch and merge/);
    expect(model.chats).toHaveLength(0);
    host = openHost({ home });
  });

  it('runs.fix does the same through the API, the events of both runs reaching the UI', async () => {
    const app = await writeFiles(join(home, 'api-app'), { 'release.sh': 'frobnicate-release --now\n' });
    const { runId, handle } = startRun(host, { doc, projectId: 'release', inputs: { app: { path: app } } });
    expect((await handle.done).status).toBe('failed');
    const seen: string[] = [];
    const api = createApi({ host, emit: (name, payload) => name === 'run.event' && seen.push((payload as { runId: string }).runId) });
    try {
      model.script(callTool('write_file', { path: 'release.sh', content: 'echo released\n' }), callTool('finish', { summary: 'fixed' }));
      const result = await dispatchCall(api.handlers, 'runs.fix', { runId, nodeId: 'publish' });
      if (!result.ok) throw new Error(result.error.message);
      const answer = result.value as { fixRun: { runId: string; status: string }; rerun?: { runId: string; status: string } };
      expect(answer).toMatchObject({ diagnosis: { source: 'command-not-found' }, fixRun: { status: 'succeeded' }, rerun: { status: 'succeeded' } });
      expect(readFileSync(join(app, 'release.sh'), 'utf8')).toBe('echo released\n');
      expect(seen).toContain(answer.fixRun.runId);
      expect(seen).toContain(answer.rerun!.runId);
    } finally {
      await api.close();
    }
  });
});

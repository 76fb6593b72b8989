import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import type { DiagnoseAnswer } from '../../preload/contract/diagnose';
import { dispatchCall } from '../api/dispatch';
import { createApi, type Api } from '../api';
import { runCli } from '../cli/run-cli.test-support';
import { writeStandInModel } from '../adapters/local-llm/stand-in-gguf.test-support';
import { openHost, type Host } from '../host';
import { startRun } from '../run-pipeline';
import { gatherContext } from '.';

// runs.diagnose and `pipewright diagnose` over a real host: a shell node (a real pty) that runs
// a program this machine does not have, after printing a token someone pasted into its command.
const TOKEN = 'tok-4f9c1e77a2b84d0e';

let home: string;
let host: Host;
let api: Api;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'pw-diagnose-api-'));
  host = openHost({ home });
  host.store.secrets.set('DEPLOY_TOKEN', TOKEN);
  api = createApi({ host, emit: () => undefined });
});
afterEach(async () => {
  await api.close();
  host.close();
  rmSync(home, { recursive: true, force: true });
});

const doc: Pipeline = {
  format: FORMAT,
  id: 'release',
  name: 'Release',
  nodes: [
    { id: 'ok', kind: 'shell', version: 1, params: { command: 'echo fine' }, position: { x: 0, y: 0 } },
    { id: 'publish', kind: 'shell', version: 1, params: { command: `echo "using ${TOKEN}"; frobnicate-release --now` }, position: { x: 300, y: 0 } },
  ],
  edges: [{ id: 'e', from: { node: 'ok', port: 'workspace' }, to: { node: 'publish', port: 'workspace' } }],
};

async function failedRun(): Promise<string> {
  const { runId, handle } = startRun(host, { doc, projectId: 'release' });
  expect((await handle.done).status).toBe('failed');
  host.store.runs.flush();
  return runId;
}

describe('diagnosing through the API and the CLI', () => {
  it('runs.diagnose finds the failed node, names the missing command, and never shows the secret', async () => {
    const runId = await failedRun();
    const result = await dispatchCall(api.handlers, 'runs.diagnose', { runId });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ nodeId: 'publish', kind: 'shell', diagnosis: { source: 'command-not-found', fixInWorkspace: true } });
    expect((result.value as DiagnoseAnswer).diagnosis!.cause).toContain('"frobnicate-release"');
    expect(JSON.stringify(result.value)).not.toContain(TOKEN);
    // What a model would read: the command param with the value replaced by the secret's name.
    const context = gatherContext(host.store, runId, 'publish');
    expect(context.params.command).toBe('echo "using [secret DEPLOY_TOKEN]"; frobnicate-release --now');
    expect(JSON.stringify(context)).not.toContain(TOKEN);
  });

  it('runs.diagnose of a node that did not fail, or of no run, says which and what to do', async () => {
    const runId = await failedRun();
    const missing = await dispatchCall(api.handlers, 'runs.diagnose', { runId, nodeId: 'nope' });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error.message).toMatch(/has no node "nope" \(its nodes: .*publish/);
    const none = await dispatchCall(api.handlers, 'runs.diagnose', { runId: 'no-such-run' });
    expect(!none.ok && none.error.message).toMatch(/no run with id "no-such-run"/);
  });

  it("a node named that did not fail is not shown with the run's error, and the failed one is named", async () => {
    const runId = await failedRun();
    const res = await dispatchCall(api.handlers, 'runs.diagnose', { runId, nodeId: 'ok' });
    expect(res.ok).toBe(true);
    const answer = (res as { ok: true; value: DiagnoseAnswer }).value;
    expect(answer.error).toBe('node "ok" succeeded in this run, with no error; the node that failed is publish');
    expect(answer.error).not.toContain('failed: publish');
  });

  it('pipewright diagnose prints cause, evidence and fix; --json the same as data; the secret nowhere', async () => {
    const runId = await failedRun();
    host.close();
    const text = await runCli(['diagnose', runId], home);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^node publish \(shell\)/);
    expect(text.stdout).toMatch(/cause: +the command "frobnicate-release" is not in the image/);
    expect(text.stdout).toMatch(/│ .*frobnicate-release.*not found/);
    expect(text.stdout).toMatch(/fix: +install "frobnicate-release"/);
    expect(text.stdout + text.stderr).not.toContain(TOKEN);

    // The UI shows run ids cut to 8 characters: that much is enough here too.
    const json = await runCli(['diagnose', runId.slice(0, 8), 'publish', '--json'], home);
    expect(JSON.parse(json.stdout)).toMatchObject({ runId, nodeId: 'publish', diagnosis: { source: 'command-not-found' } });
    const unknown = await runCli(['diagnose', 'zzzz'], home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no run has an id starting with "zzzz"');

    const wrong = await runCli(['diagnose'], home);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('diagnose needs a run id');
    host = openHost({ home });
  });

  it('pipewright diagnose of a failure no rule knows, with no model routed, says so and how to ask one (exit 1)', async () => {
    const odd: Pipeline = { ...doc, id: 'odd', nodes: [{ ...doc.nodes[0], params: { command: 'echo "the moon is in the wrong phase" >&2; exit 3' } }], edges: [] };
    const { runId, handle } = startRun(host, { doc: odd, projectId: 'odd' });
    expect((await handle.done).status).toBe('failed');
    host.close();
    const res = await runCli(['diagnose', runId], home);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^node ok \(shell\)/);
    expect(res.stdout).toContain('no offline rule knows this failure; the model could not be asked');
    expect(res.stdout).toContain('pipewright endpoint route troubleshooting');
    expect(res.stdout).toContain('pipewright models pull qwen2.5-coder-1.5b');
    host = openHost({ home });
  });

  it('asks the built-in model when no endpoint is configured, through the API and the CLI', async () => {
    // A stand-in model (tiny random weights, the real llama.cpp runtime): its diagnosis is
    // garbage, but it is asked, through the endpoint builtin, and its call is counted at cost 0.
    await host.builtin.library.add(writeStandInModel(join(home, 'stand-in.gguf')).path, 'stand-in');
    const odd: Pipeline = { ...doc, id: 'odd', nodes: [{ ...doc.nodes[0], params: { command: 'echo "the moon is in the wrong phase" >&2; exit 3' } }], edges: [] };
    const { runId, handle } = startRun(host, { doc: odd, projectId: 'odd' });
    expect((await handle.done).status).toBe('failed');
    host.store.runs.flush();
    const result = await dispatchCall(api.handlers, 'runs.diagnose', { runId });
    if (!result.ok) throw new Error(result.error.message);
    const answer = result.value as DiagnoseAnswer;
    expect(answer.modelError ?? '').not.toContain('no LLM endpoint is configured');
    if (answer.diagnosis) expect(answer.diagnosis.source).toBe('model');
    else expect(answer.modelError).toContain('(stand-in at builtin)');
    expect(host.store.usage.totals({ projectId: 'odd' })).toMatchObject({ calls: 1, cost: 0 });
    await host.builtin.dispose();

    host.close();
    const res = await runCli(['diagnose', runId, '--json'], home);
    expect(res.stderr).not.toContain('no LLM endpoint is configured');
    const cli = JSON.parse(res.stdout) as DiagnoseAnswer;
    expect(cli.modelError ?? '').not.toContain('no LLM endpoint is configured');
    if (!cli.diagnosis) expect(cli.modelError).toContain('(stand-in at builtin)');
    host = openHost({ home });
  }, 120_000);

  it('reads the files of the folder a node worked in on its own (no workspace came in)', async () => {
    const own: Pipeline = {
      ...doc,
      id: 'own',
      nodes: [{ ...doc.nodes[0], params: { command: 'printf "FROM scratch\\nCMD [\\"serve\\"]\\n" > Dockerfile; serve-it' } }],
      edges: [],
    };
    const { runId, handle } = startRun(host, { doc: own, projectId: 'own' });
    expect((await handle.done).status).toBe('failed');
    const context = gatherContext(host.store, runId);
    expect(context.files).toEqual([{ path: 'Dockerfile', text: 'FROM scratch\nCMD ["serve"]\n' }]);
  });
  it('leaves out workspace files that are links leading out, FIFOs or devices, and reads only the start of a large one', async () => {
    const outside = join(home, 'outside-key');
    writeFileSync(outside, 'PRIVATE KEY 0xfeed\n');
    const linked: Pipeline = {
      ...doc,
      id: 'linked',
      nodes: [
        {
          ...doc.nodes[0],
          params: {
            command: `ln -s ${outside} Dockerfile; mkfifo compose.yaml; ln -s /dev/zero package.json; head -c 100000 /dev/zero | tr '\\0' x > requirements.txt; serve-it`,
          },
        },
      ],
      edges: [],
    };
    const { runId, handle } = startRun(host, { doc: linked, projectId: 'linked' });
    expect((await handle.done).status).toBe('failed');
    const context = gatherContext(host.store, runId);
    expect(context.files.map((f) => f.path)).toEqual(['requirements.txt']);
    expect(context.files[0].text).toBe(`${'x'.repeat(8_000)}\n…`);
    expect(JSON.stringify(context)).not.toContain('PRIVATE KEY');
  });
});

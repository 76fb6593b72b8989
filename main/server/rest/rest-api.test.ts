import { compileErrors, validate } from '@readme/openapi-parser';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../../nodes/sdk';
import { createApi, dispatchCall, type Api } from '../../api';
import type { EngineEvent } from '../../engine/events';
import { openHost, type Host } from '../../host';
import { serveRenderer, type RunningServer } from '../static-server';
import { createRestApi } from '.';
import { ErrorSchema, LogsSchema, PipelineDetailSchema, PipelineListSchema, RunSchema } from './schemas';
import { docEdge as edge, docNode as node } from '../../store/store.test-support';

// The HTTP API of `pipewright serve`, started in-process over a real host (SQLite in a temporary
// folder) with real runs: shell nodes run under real ptys.

let home: string;
let host: Host;
let api: Api;
let s: RunningServer;
let auth: Record<string, string>;


/** who (text) → shout (shell) → count (shell) → greeting, length: four nodes, one after another. */
const greet: Pipeline = {
  format: FORMAT,
  id: 'greet',
  name: 'Greet',
  description: 'Says hello, loudly',
  nodes: [
    node('who', 'pipeline-input', { name: 'who', type: 'text' }),
    node('shout', 'shell', { command: 'read name; echo "HELLO $name" | tr a-z A-Z' }, 200),
    node('count', 'shell', { command: 'wc -c' }, 400),
    node('greeting', 'pipeline-output', { name: 'greeting' }, 600),
    node('length', 'pipeline-output', { name: 'length' }, 600),
  ],
  edges: [
    edge('e1', 'who', 'value', 'shout', 'input'),
    edge('e2', 'shout', 'stdout', 'count', 'input'),
    edge('e3', 'shout', 'stdout', 'greeting', 'value'),
    edge('e4', 'count', 'stdout', 'length', 'value'),
  ],
};

const slow: Pipeline = {
  format: FORMAT,
  id: 'slow',
  name: 'Slow',
  nodes: [node('wait', 'shell', { command: 'echo waiting; sleep 60' }), node('after', 'shell', { command: 'echo never' }, 200)],
  edges: [edge('e1', 'wait', 'stdout', 'after', 'input')],
};

/** Hands its input to a command that prints it as it is. */
const echo: Pipeline = {
  format: FORMAT,
  id: 'echo',
  name: 'Echo',
  nodes: [node('text', 'pipeline-input', { name: 'text', type: 'text' }), node('cat', 'shell', { command: 'cat' }, 200), node('said', 'pipeline-output', { name: 'said' }, 400)],
  edges: [edge('e1', 'text', 'value', 'cat', 'input'), edge('e2', 'cat', 'stdout', 'said', 'value')],
};

/** Hands back the JSON value it is given. */
const keep: Pipeline = {
  format: FORMAT,
  id: 'keep',
  name: 'Keep',
  nodes: [node('value', 'pipeline-input', { name: 'value', type: 'json' }), node('kept', 'pipeline-output', { name: 'kept' }, 200)],
  edges: [edge('e1', 'value', 'value', 'kept', 'value')],
};

/** Hands on the folder it is given. */
const folder: Pipeline = {
  format: FORMAT,
  id: 'folder',
  name: 'Folder',
  nodes: [node('src', 'pipeline-input', { name: 'src', type: 'workspace' }), node('out', 'pipeline-output', { name: 'out' }, 200)],
  edges: [edge('e1', 'src', 'value', 'out', 'value')],
};

const broken: Pipeline = {
  format: FORMAT,
  id: 'broken',
  name: 'Broken',
  nodes: [node('empty', 'shell', { command: '' })],
  edges: [],
};

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'pw-rest-'));
  const root = join(home, 'ui');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Pipewright</title>');
  host = openHost({ home });
  api = createApi({ host, emit: () => {} });
  for (const doc of [greet, slow, echo, keep, folder]) {
    const saved = await dispatchCall(api.handlers, 'pipeline.save', { doc, projectId: doc.id });
    expect(saved.ok).toBe(true);
  }
  // A document that does not validate can still be stored (as the editor autosaves it).
  host.store.pipelines.save(broken, 'broken');
  s = await serveRenderer({ root, handlers: api.handlers, rest: createRestApi({ host, runs: api.runs }) });
  auth = { authorization: `Bearer ${s.token}` };
});

afterAll(async () => {
  await api?.close();
  await s?.close();
  host?.close();
  rmSync(home, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = auth) => fetch(`${s.url}/api/v1${path}`, { headers });
const post = (path: string, body?: unknown, headers: Record<string, string> = auth) =>
  fetch(`${s.url}/api/v1${path}`, {
    method: 'POST',
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });

async function startRun(pipelineId: string, inputs: Record<string, unknown> = {}): Promise<string> {
  const res = await post(`/pipelines/${pipelineId}/runs`, { inputs });
  expect(res.status).toBe(201);
  const { runId } = (await res.json()) as { runId: string };
  expect(res.headers.get('location')).toBe(`/api/v1/runs/${runId}`);
  return runId;
}

/** Reads a whole event stream (it must end by itself) and parses each `data:` line. */
async function readEvents(runId: string, timeoutMs = 20_000): Promise<EngineEvent[]> {
  const res = await fetch(`${s.url}/api/v1/runs/${runId}/events`, { headers: auth, signal: AbortSignal.timeout(timeoutMs) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as EngineEvent);
}

async function finished(runId: string) {
  for (let i = 0; i < 200; i++) {
    const run = RunSchema.parse(await (await get(`/runs/${runId}`)).json());
    if (run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('the HTTP API (/api/v1)', () => {
  it('lists saved pipelines with their declared inputs and outputs, and answers one with its document', async () => {
    const res = await get('/pipelines');
    expect(res.status).toBe(200);
    const { pipelines } = PipelineListSchema.parse(await res.json());
    const info = pipelines.find((p) => p.id === 'greet')!;
    expect(info).toMatchObject({ name: 'Greet', description: 'Says hello, loudly', projectId: 'greet' });
    expect(info.inputs).toEqual([{ name: 'who', type: 'text' }]);
    expect(info.outputs.map((o) => o.name).sort()).toEqual(['greeting', 'length']);
    expect(pipelines.map((p) => p.id).sort()).toEqual(['broken', 'echo', 'folder', 'greet', 'keep', 'slow']);

    const one = PipelineDetailSchema.parse(await (await get('/pipelines/greet')).json());
    expect(one.inputs).toEqual(info.inputs);
    expect(one.document.nodes.map((n) => n.id)).toEqual(['who', 'shout', 'count', 'greeting', 'length']);
  });

  it('runs a pipeline with its inputs, reports each node and the outputs, and keeps its logs', async () => {
    const runId = await startRun('greet', { who: 'ada' });
    const run = await finished(runId);
    expect(run.status).toBe('succeeded');
    expect(run.pipelineId).toBe('greet');
    expect(String(run.outputs?.greeting).trim()).toBe('HELLO ADA');
    expect(String(run.outputs?.length).trim()).toBe('10');
    expect(Object.fromEntries(run.nodes.map((n) => [n.nodeId, n.status]))).toEqual({
      who: 'succeeded',
      shout: 'succeeded',
      count: 'succeeded',
      greeting: 'succeeded',
      length: 'succeeded',
    });
    const logs = LogsSchema.parse(await (await get(`/runs/${runId}/logs`)).json()).logs;
    expect(logs.map((l) => l.chunk).join('')).toContain('HELLO ADA');
    const onlyCount = LogsSchema.parse(await (await get(`/runs/${runId}/logs?nodeId=count`)).json()).logs;
    expect(onlyCount.length).toBeGreaterThan(0);
    expect(onlyCount.every((l) => l.nodeId === 'count')).toBe(true);
    // A node that printed nothing has no lines; a node the run does not have is a 404 naming the ones it has.
    expect(LogsSchema.parse(await (await get(`/runs/${runId}/logs?nodeId=who`)).json()).logs).toEqual([]);
    const misspelt = await get(`/runs/${runId}/logs?nodeId=cuont`);
    expect(misspelt.status).toBe(404);
    expect(ErrorSchema.parse(await misspelt.json()).error.message).toMatch(/has no node "cuont" \(its nodes: who, shout, count, greeting, length\)/);
  });

  it('streams the events of a run of several nodes in order, from its start, ending after run-finished', async () => {
    const runId = await startRun('greet', { who: 'grace' });
    // Two clients follow the same run at once: each gets the whole run, in the same order.
    const [events, other] = await Promise.all([readEvents(runId), readEvents(runId)]);
    const shape = (list: EngineEvent[]) => list.map((e) => `${e.type} ${'nodeId' in e ? e.nodeId : ''}`);
    expect(shape(other)).toEqual(shape(events));
    expect(events[0]).toMatchObject({ type: 'run-started', runId, pipelineId: 'greet' });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', runId, status: 'succeeded' });
    expect(events.filter((e) => e.type === 'run-finished')).toHaveLength(1);
    const at = (type: string, nodeId: string) => events.findIndex((e) => e.type === type && 'nodeId' in e && e.nodeId === nodeId);
    // Each node starts after the one it depends on finished, and finishes after it started.
    for (const [before, after] of [['who', 'shout'], ['shout', 'count'], ['count', 'length']]) {
      expect(at('node-finished', before)).toBeGreaterThan(-1);
      expect(at('node-started', after)).toBeGreaterThan(at('node-finished', before));
    }
    expect(at('node-finished', 'shout')).toBeGreaterThan(at('node-started', 'shout'));
    const logs = events.filter((e) => e.type === 'node-log' && e.nodeId === 'shout');
    expect(logs.map((e) => (e as { chunk: string }).chunk).join('')).toContain('HELLO GRACE');
    const times = events.map((e) => e.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // The last event carries an id; a client reconnecting with it (as an EventSource does when
    // a stream ends) is told there is nothing more, rather than given the run again.
    const raw = await (await fetch(`${s.url}/api/v1/runs/${runId}/events`, { headers: auth })).text();
    expect(raw.trimEnd().split('\n\n').at(-1)).toMatch(/^id: run-finished\ndata: \{"type":"run-finished"/);
    expect(raw.match(/^id: /gm)).toHaveLength(1);
    const reconnect = await fetch(`${s.url}/api/v1/runs/${runId}/events`, { headers: { ...auth, 'last-event-id': 'run-finished' } });
    expect(reconnect.status).toBe(204);
    expect(await reconnect.text()).toBe('');

    // A finished run replays what was stored and ends.
    const again = await readEvents(runId);
    expect(again[0].type).toBe('run-started');
    expect(again.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded', outputs: events.at(-1)!.type === 'run-finished' ? (events.at(-1) as { outputs: unknown }).outputs : {} });
    expect(again.filter((e) => e.type === 'node-finished').map((e) => (e as { nodeId: string }).nodeId).sort()).toEqual(
      events.filter((e) => e.type === 'node-finished').map((e) => (e as { nodeId: string }).nodeId).sort(),
    );
  });

  it('cancels a running run: the stream joined mid-run ends with the run cancelled', async () => {
    const runId = await startRun('slow');
    // Wait until the command is running, so the stream joins after the start.
    for (let i = 0; i < 100; i++) {
      const run = RunSchema.parse(await (await get(`/runs/${runId}`)).json());
      if (run.nodes.some((n) => n.nodeId === 'wait' && n.status === 'running')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const stream = readEvents(runId);
    await new Promise((r) => setTimeout(r, 100));
    const cancel = await post(`/runs/${runId}/cancel`);
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toEqual({ cancelled: true, status: 'cancelling' });
    const events = await stream;
    expect(events[0].type).toBe('run-started');
    expect(events.find((e) => e.type === 'node-started' && e.nodeId === 'wait')).toBeDefined();
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'cancelled' });
    const run = await finished(runId);
    expect(run.status).toBe('cancelled');
    expect(run.nodes.find((n) => n.nodeId === 'after')?.status).not.toBe('succeeded');
    // Cancelling a finished run changes nothing and says so.
    expect(await (await post(`/runs/${runId}/cancel`)).json()).toEqual({ cancelled: false, status: 'cancelled' });
  });

  it('never shows a secret value, given as an input and printed by a command, in events, the run or its logs', async () => {
    const secret = 'tok-5f9c1e22ab7d-http';
    host.store.secrets.set('API_TOKEN', secret);
    try {
      const runId = await startRun('echo', { text: `key=${secret}` });
      const stream = await (await fetch(`${s.url}/api/v1/runs/${runId}/events`, { headers: auth })).text();
      const run = await (await get(`/runs/${runId}`)).text();
      const logs = await (await get(`/runs/${runId}/logs`)).text();
      expect(JSON.parse(run)).toMatchObject({ status: 'succeeded' });
      for (const text of [stream, run, logs]) {
        expect(text).not.toContain(secret);
        expect(text).toContain('[secret API_TOKEN]');
      }
    } finally {
      host.store.secrets.delete('API_TOKEN');
    }
  });

  it('runs an imported pipeline only once its review is confirmed, and lists it as awaiting review until then', async () => {
    const text = JSON.stringify({ ...echo, id: 'sent', name: 'Sent to me' });
    const imported = await dispatchCall(api.handlers, 'templates.import', { fileName: 'sent.pipewright.json', text });
    expect(imported.ok).toBe(true);
    const projectId = imported.ok ? (imported.value as { project: { id: string } }).project.id : '';
    const id = host.store.pipelines.list(projectId)[0].id;
    const refused = await post(`/pipelines/${id}/runs`, { inputs: { text: 'hi' } });
    expect(refused.status).toBe(409);
    expect(ErrorSchema.parse(await refused.json()).error.message).toMatch(/was imported from a file and what it runs has not been confirmed: open it in Pipewright/);
    expect(host.store.runs.list({ pipelineId: id })).toEqual([]);
    const listed = PipelineListSchema.parse(await (await get('/pipelines')).json()).pipelines.find((p) => p.id === id);
    expect(listed?.awaitingReview).toBe(true);

    expect((await dispatchCall(api.handlers, 'templates.confirmReview', { pipelineId: id })).ok).toBe(true);
    const runId = await startRun(id, { text: 'hi' });
    expect((await finished(runId)).status).toBe('succeeded');
    expect(PipelineListSchema.parse(await (await get('/pipelines')).json()).pipelines.find((p) => p.id === id)?.awaitingReview).toBeUndefined();
  });

  it('masks a secret value pasted into a saved pipeline, in the list and in its document', async () => {
    const secret = 'tok-91d0c7e3f4a2-doc';
    host.store.secrets.set('DEPLOY_TOKEN', secret);
    const pasted: Pipeline = {
      ...echo,
      id: 'pasted',
      name: 'Pasted',
      description: `Deploys with ${secret}`,
      nodes: [node('push', 'shell', { command: `curl -H "Authorization: Bearer ${secret}" https://deploy.example` })],
      edges: [],
    };
    host.store.pipelines.save(pasted, 'greet');
    try {
      for (const path of ['/pipelines', '/pipelines/pasted']) {
        const text = await (await get(path)).text();
        expect(text).not.toContain(secret);
        expect(text).toContain('[secret DEPLOY_TOKEN]');
      }
      const one = PipelineDetailSchema.parse(await (await get('/pipelines/pasted')).json());
      expect(one.document.nodes[0].params.command).toBe('curl -H "Authorization: Bearer [secret DEPLOY_TOKEN]" https://deploy.example');
      // What is stored is the person's own work, and stays as they wrote it.
      expect(host.store.pipelines.get('pasted')?.description).toBe(`Deploys with ${secret}`);
    } finally {
      host.store.pipelines.delete('pasted');
      host.store.secrets.delete('DEPLOY_TOKEN');
    }
  });

  it('refuses inputs the pipeline does not take with 400, naming the input, and starts nothing', async () => {
    const before = host.store.runs.list({ pipelineId: 'greet' }).length;
    const cases: [unknown, string, RegExp][] = [
      [{ inputs: {} }, 'who', /input "who" is required/],
      [{ inputs: { who: 42 } }, 'who', /input "who" takes a text value/],
      [{ inputs: { who: 'x', whom: 'y' } }, 'whom', /has no input of that name \(its inputs: who\)/],
    ];
    for (const [body, input, message] of cases) {
      const res = await post('/pipelines/greet/runs', body);
      expect(res.status).toBe(400);
      const { error } = ErrorSchema.parse(await res.json());
      expect(error.message).toMatch(message);
      expect(error.problems).toEqual([expect.objectContaining({ input })]);
    }
    // A value nested past what can be stored is refused up front, naming the input.
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const tooDeep = await post('/pipelines/keep/runs', `{"inputs": {"value": ${deep}}}`);
    expect(tooDeep.status).toBe(400);
    const deepError = ErrorSchema.parse(await tooDeep.json()).error;
    expect(deepError.message).toMatch(/input "value": the value is nested more than 64 levels deep/);
    expect(deepError.problems).toEqual([expect.objectContaining({ input: 'value' })]);
    expect(host.store.runs.list({ pipelineId: 'keep' })).toEqual([]);

    // A folder input must name a folder of this machine, by its absolute path.
    for (const [path, message] of [
      ['relative/src', 'input "src" takes the absolute path of a folder, got "relative/src"'],
      [join(home, 'no-such-folder'), `input "src": ${join(home, 'no-such-folder')} is not a folder on this machine`],
      [join(home, 'ui', 'index.html'), `input "src": ${join(home, 'ui', 'index.html')} is not a folder on this machine`],
    ]) {
      const res = await post('/pipelines/folder/runs', { inputs: { src: { path } } });
      expect(res.status).toBe(400);
      expect(ErrorSchema.parse(await res.json()).error).toMatchObject({ message: expect.stringContaining(message), problems: [{ input: 'src', message }] });
    }
    expect(host.store.runs.list({ pipelineId: 'folder' })).toEqual([]);
    const real = await startRun('folder', { src: { path: home } });
    expect((await finished(real)).outputs).toEqual({ out: { path: home } });

    const typo = ErrorSchema.parse(await (await post('/pipelines/greet/runs', { input: { who: 'x' } })).json());
    expect(typo.error.message).toMatch(/Unrecognized key.*"input"/);
    expect(host.store.runs.list({ pipelineId: 'greet' }).length).toBe(before);
  });

  it('answers 404 for an unknown pipeline, run or route, 405 for a wrong method, 400 for bad JSON, 422 for a pipeline that does not validate', async () => {
    const noPipeline = await post('/pipelines/nope/runs', { inputs: {} });
    expect(noPipeline.status).toBe(404);
    expect(ErrorSchema.parse(await noPipeline.json()).error.message).toMatch(/no pipeline "nope"/);
    expect((await get('/pipelines/nope')).status).toBe(404);
    for (const path of ['/runs/nope', '/runs/nope/events', '/runs/nope/logs']) expect((await get(path)).status).toBe(404);
    expect((await post('/runs/nope/cancel')).status).toBe(404);
    const noRoute = await get('/nowhere');
    expect(noRoute.status).toBe(404);
    expect(ErrorSchema.parse(await noRoute.json()).error.message).toMatch(/openapi\.json/);

    const wrongMethod = await post('/pipelines');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD');
    const del = await fetch(`${s.url}/api/v1/pipelines/greet/runs`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('POST');

    const badJson = await post('/pipelines/greet/runs', '{"inputs": {');
    expect(badJson.status).toBe(400);
    expect(ErrorSchema.parse(await badJson.json()).error.message).toMatch(/not valid JSON/);
    const form = await post('/pipelines/greet/runs', undefined, { ...auth, 'content-type': 'text/plain' });
    expect(form.status).toBe(415);

    const invalid = await post('/pipelines/broken/runs', {});
    expect(invalid.status).toBe(422);
    const { error } = ErrorSchema.parse(await invalid.json());
    expect(error.problems).toEqual([expect.objectContaining({ nodeId: 'empty', field: 'command' })]);
    expect(host.store.runs.list({ pipelineId: 'broken' })).toEqual([]);
  });

  it('answers HEAD like GET without the body, an event stream included, and passes a nested JSON input through', async () => {
    const nested = JSON.parse(`${'{"a":['.repeat(20)}1${']}'.repeat(20)}`) as unknown;
    const runId = await startRun('keep', { value: nested });
    expect((await finished(runId)).outputs).toEqual({ kept: nested });

    for (const path of ['/pipelines', '/pipelines/keep', `/runs/${runId}`, `/runs/${runId}/logs`, '/openapi.json']) {
      const head = await fetch(`${s.url}/api/v1${path}`, { method: 'HEAD', headers: auth });
      const full = await get(path);
      expect([path, head.status]).toEqual([path, 200]);
      expect(head.headers.get('content-type')).toBe(full.headers.get('content-type'));
      expect(await head.text()).toBe('');
    }
    const stream = await fetch(`${s.url}/api/v1/runs/${runId}/events`, { method: 'HEAD', headers: auth, signal: AbortSignal.timeout(10_000) });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect((await fetch(`${s.url}/api/v1/runs/nope`, { method: 'HEAD', headers: auth })).status).toBe(404);
  });

  it('refuses a body over the limit with 413 before reading it, and keeps serving', async () => {
    // Declares 5 MiB and sends a few bytes: the answer must come from the declared size alone.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${s.url}/api/v1/pipelines/greet/runs`,
        { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'content-length': String(5 * 1024 * 1024) } },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('{"inputs":');
    });
    expect(answer.status).toBe(413);
    expect(ErrorSchema.parse(JSON.parse(answer.body)).error.message).toMatch(/larger than 4 MiB/);
    expect((await get('/pipelines')).status).toBe(200);
  });

  it('needs the token: none or a wrong one is 401 JSON, the cookie works, another origin is refused', async () => {
    const none = await get('/pipelines', {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(ErrorSchema.parse(await none.json()).error.message).toMatch(/Authorization: Bearer/);
    const wrong = await get('/pipelines', { authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    const wrongText = await wrong.text();
    expect(wrongText).not.toContain(s.token);
    expect(ErrorSchema.parse(JSON.parse(wrongText)).error.message).toBe('wrong token: send Authorization: Bearer <token> (the token pipewright serve printed)');
    for (const header of ['Bearer', 'Basic dXNlcjpwYXNz', `Bearer ${s.token} ${s.token}`, `Bearer ${s.token}x`]) {
      expect((await get('/pipelines', { authorization: header })).status).toBe(401);
    }
    expect(ErrorSchema.parse(await (await get('/pipelines', { cookie: 'pw_token=stale' })).json()).error.message).toMatch(/^wrong token: /);
    expect((await post('/pipelines/greet/runs', { inputs: { who: 'x' } }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get('/pipelines', { cookie: `pw_token=${s.token}` })).status).toBe(200);
    expect((await get('/pipelines', { ...auth, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/pipelines', { cookie: `pw_token=${s.token}`, origin: 'http://evil.example' })).status).toBe(403);
    // A rebinding page names another host.
    const rebind = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/api/v1/pipelines`, { headers: { ...auth, host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebind).toBe(421);
  });

  it('publishes a valid OpenAPI 3.1 document describing every route, made from the handlers’ schemas', async () => {
    const res = await get('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, any> } };
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort()).toEqual([
      'GET /openapi.json',
      'GET /pipelines',
      'GET /pipelines/{pipelineId}',
      'GET /runs/{runId}',
      'GET /runs/{runId}/events',
      'GET /runs/{runId}/logs',
      'POST /pipelines/{pipelineId}/runs',
      'POST /runs/{runId}/cancel',
    ]);
    // The start body is the schema the handler parses: inputs and scope, nothing else.
    const body = doc.components.schemas.StartRunBody;
    expect(Object.keys(body.properties).sort()).toEqual(['inputs', 'scope']);
    expect(body.additionalProperties).toBe(false);
    expect(doc.components.schemas.GetRunResponse.properties.nodes.type).toBe('array');
  });
});

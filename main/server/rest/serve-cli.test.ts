import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT, type Pipeline } from '../../../nodes/sdk';
import { startCli } from '../../cli/run-cli.test-support';
import { openHost } from '../../host';

// A real `pipewright serve` started from the sources: its HTTP API, spoken to as a program would,
// runs a saved pipeline of shell commands and streams it to the end.

let home: string;
let serve: ChildProcess;
let base: string;
let token: string;
let printed = '';

const steps: Pipeline = {
  format: FORMAT,
  id: 'steps',
  name: 'Steps',
  nodes: [
    { id: 'n', kind: 'pipeline-input', version: 1, params: { name: 'n', type: 'text' }, position: { x: 0, y: 0 } },
    { id: 'double', kind: 'shell', version: 1, params: { command: 'read n; echo $((n * 2))' }, position: { x: 200, y: 0 } },
    { id: 'out', kind: 'pipeline-output', version: 1, params: { name: 'doubled' }, position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', from: { node: 'n', port: 'value' }, to: { node: 'double', port: 'input' } },
    { id: 'e2', from: { node: 'double', port: 'stdout' }, to: { node: 'out', port: 'value' } },
  ],
};

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'pw-rest-serve-'));
  const seeded = openHost({ home });
  seeded.store.pipelines.save(steps, 'steps');
  seeded.close();
  const ui = join(home, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Pipewright</title>');
  // serve needs a built UI to start; a page of its own is enough here (startCli passes the environment on).
  process.env.PIPEWRIGHT_RENDERER = ui;
  serve = startCli(['serve', '--port', '0'], home);
  delete process.env.PIPEWRIGHT_RENDERER;
  let err = '';
  serve.stderr!.on('data', (d) => (err += d));
  const login = await new Promise<string>((resolve, reject) => {
    serve.stdout!.on('data', (d) => {
      printed += d;
      const m = /open (http:\/\/\S+)/.exec(printed);
      if (m && printed.includes('openapi.json')) resolve(m[1]);
    });
    serve.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
  const url = new URL(login);
  token = url.searchParams.get('token')!;
  base = url.origin;
}, 60_000);

afterAll(async () => {
  if (serve?.pid) process.kill(-serve.pid, 'SIGTERM');
  await new Promise((r) => (serve?.exitCode === null ? serve.once('exit', r) : r(undefined)));
  rmSync(home, { recursive: true, force: true });
});

describe('the HTTP API of pipewright serve', () => {
  it('says where the API is, runs a saved pipeline for a Bearer token and streams the run to its end', async () => {
    expect(printed).toContain(`${base}/api/v1/openapi.json`);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${base}/api/v1/pipelines`)).status).toBe(401);
    const list = (await (await fetch(`${base}/api/v1/pipelines`, { headers: auth })).json()) as { pipelines: { id: string; inputs: unknown }[] };
    expect(list.pipelines).toEqual([expect.objectContaining({ id: 'steps', inputs: [{ name: 'n', type: 'text' }] })]);

    const started = await fetch(`${base}/api/v1/pipelines/steps/runs`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { n: '21' } }),
    });
    expect(started.status).toBe(201);
    const { runId } = (await started.json()) as { runId: string };
    const stream = await fetch(`${base}/api/v1/runs/${runId}/events`, { headers: auth, signal: AbortSignal.timeout(30_000) });
    const events = (await stream.text())
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)) as { type: string; nodeId?: string; status?: string });
    expect(events[0].type).toBe('run-started');
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', status: 'succeeded' });
    expect(events.filter((e) => e.type === 'node-finished').map((e) => e.nodeId)).toEqual(['n', 'double', 'out']);
    const run = (await (await fetch(`${base}/api/v1/runs/${runId}`, { headers: auth })).json()) as { status: string; outputs: { doubled: string } };
    expect(run.status).toBe('succeeded');
    expect(run.outputs.doubled.trim()).toBe('42');
  });
});

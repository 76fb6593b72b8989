import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../cli/run-cli.test-support';
import { recordProgress, seedHome } from './mcp-fixtures.test-support';

// A real `pipewright serve` started from the sources, its /mcp endpoint driven by the MCP SDK's
// own client over the streamable HTTP transport with the serve token as a Bearer header.

let home: string;
let serve: ChildProcess;
let base: string;
let token: string;
let client: Client;

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

let progressSeen: Array<{ progress: number; total?: number }> = [];

async function connect(headers: Record<string, string>): Promise<Client> {
  const c = new Client({ name: 'pipewright-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers } });
  await c.connect(transport);
  progressSeen = recordProgress(transport);
  return c;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'pw-mcp-http-'));
  seedHome(home);
  const ui = join(home, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Pipewright</title>');
  // serve needs a built UI to start; a page of its own is enough here (startCli passes the environment on).
  process.env.PIPEWRIGHT_RENDERER = ui;
  serve = startCli(['serve', '--port', '0'], home);
  delete process.env.PIPEWRIGHT_RENDERER;
  let out = '';
  let err = '';
  serve.stderr!.on('data', (d) => (err += d));
  const login = await new Promise<string>((resolve, reject) => {
    serve.stdout!.on('data', (d) => {
      out += d;
      const m = /open (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    serve.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
  const url = new URL(login);
  token = url.searchParams.get('token')!;
  base = url.origin;
  client = await connect({ Authorization: `Bearer ${token}` });
}, 60_000);

afterAll(async () => {
  await client?.close();
  if (serve?.pid) process.kill(-serve.pid, 'SIGTERM');
  await new Promise((r) => (serve?.exitCode === null ? serve.once('exit', r) : r(undefined)));
  rmSync(home, { recursive: true, force: true });
});

describe('/mcp on pipewright serve', () => {
  it('refuses a request without the token, or with a wrong one, with 401', async () => {
    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const none = await fetch(new URL('/mcp', base), { method: 'POST', headers, body: initialize });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(new URL('/mcp', base), { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}x` }, body: initialize });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain(token);
    await expect(connect({ Authorization: 'Bearer nope' })).rejects.toThrow(/needs the token pipewright serve printed/);
  });

  it('answers GET and DELETE with 405 at once: a stateless server has no stream to hold open', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const get = await fetch(new URL('/mcp', base), { headers: { ...auth, accept: 'text/event-stream' }, signal: AbortSignal.timeout(10_000) });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringContaining('send each message as a POST') } });
    expect((await fetch(new URL('/mcp', base), { method: 'DELETE', headers: auth })).status).toBe(405);
    // The token is checked first: without it, the answer says nothing else.
    expect((await fetch(new URL('/mcp', base), { headers: { accept: 'text/event-stream' } })).status).toBe(401);
  });

  it("lists every project's pipelines with inputs as tools", async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['greet', 'broken', 'elsewhere', 'list_pipelines', 'list_runs', 'read_run_logs']));
    expect(names).not.toContain('constant');
  });

  it('runs a pipeline with progress notifications and returns its outputs; the run is in the history', async () => {
    progressSeen.length = 0;
    const result = (await client.callTool({ name: 'greet', arguments: { name: 'Linus', punctuation: '?' } }, undefined, {
      onprogress: () => undefined,
      timeout: 60_000,
    })) as CallToolResult;
    const progress = [...progressSeen];
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ status: 'succeeded', outputs: { greeting: 'hello, Linus', punctuation: '?' } });
    expect(text(result)).toContain('greeting: hello, Linus');
    expect(progress.map((p) => [p.progress, p.total])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 5]));

    // The run went through the server's run manager and store, like one from the UI or the REST API.
    const runId = (result.structuredContent as { runId: string }).runId;
    const res = await fetch(new URL(`/api/v1/runs/${runId}`, base), { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'succeeded' });
  }, 60_000);

  it('answers a failing run with a tool error naming the node, and a bad argument with an error naming it', async () => {
    const failed = (await client.callTool({ name: 'broken', arguments: { reason: 'no space' } }, undefined, { timeout: 60_000 })) as CallToolResult;
    expect(failed.isError).toBe(true);
    expect(text(failed)).toMatch(/Node "fail" \(shell\) failed[\s\S]*it broke: no space/);

    const bad = (await client.callTool({ name: 'greet', arguments: { name: 'Ada', colour: 'red' } })) as CallToolResult;
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('"colour"');
  }, 60_000);

  it('refuses a body over 4 MiB with 413 before reading it, and keeps serving', async () => {
    // Declares 5 MiB and sends a few bytes: the answer must come from the declared size alone.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        new URL('/mcp', base),
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': String(5 * 1024 * 1024) },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('{"jsonrpc":"2.0"');
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatch(/larger than 4 MiB/);
    expect((await client.listTools()).tools.length).toBeGreaterThan(3);
  });
});

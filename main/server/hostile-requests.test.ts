import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FORMAT, type Pipeline } from '../../nodes/sdk';
import { WS_PATH } from '../../preload/contract';
import { createApi, type Api } from '../api';
import { openHost, type Host } from '../host';
import { createRestApi } from './rest';
import { serveRenderer, type RunningServer } from './static-server';

// `pipewright serve` over a real host (SQLite in a temporary folder), spoken to with raw sockets
// the way a hostile program would: the server must answer every request and stay up.

let home: string;
let host: Host;
let api: Api;
let s: RunningServer;
let port: number;
let cookie: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'pw-hostile-'));
  const root = join(home, 'ui');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Pipewright</title>');
  host = openHost({ home });
  api = createApi({ host, emit: () => {} });
  s = await serveRenderer({ root, handlers: api.handlers, rest: createRestApi({ host, runs: api.runs }) });
  port = Number(new URL(s.url).port);
  cookie = `pw_token=${s.token}`;
});

afterAll(async () => {
  await s?.close();
  await api?.close();
  host?.close();
  rmSync(home, { recursive: true, force: true });
});

/** A small seeded generator, so a failing case can be replayed. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function noise(random: () => number, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/** Writes raw bytes, returns what came back before the server closed (or 2 s passed). */
function rawExchange(bytes: Buffer | string, { waitMs = 2000 } = {}): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket: Socket = connect(port, '127.0.0.1');
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
    // Half-close so a server waiting for more of a body sees the end.
    socket.end();
  });
}

function statusOf(response: string): number | undefined {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(response);
  return m ? Number(m[1]) : undefined;
}

async function stillServes(): Promise<void> {
  const page = await fetch(`${s.url}/`, { headers: { cookie } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>Pipewright</title>');
}

function request(target: string, { method = 'GET', headers = [] as string[], body = '' } = {}): string {
  return [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...headers, '', body].join('\r\n');
}

/** A client frame: masked, as RFC 6455 requires of clients (tests may break that on purpose). */
function frame(opcode: number, payload: Buffer, { fin = true, mask = true } = {}): Buffer {
  const len = payload.length;
  const head = len < 126 ? [len] : len < 65536 ? [126, len >> 8, len & 255] : [127, 0, 0, 0, 0, len >>> 24, (len >> 16) & 255, (len >> 8) & 255, len & 255];
  const key = mask ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (mask) for (let i = 0; i < body.length; i++) body[i] ^= key[i % 4];
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, (mask ? 0x80 : 0) | head[0], ...head.slice(1)]), key, body]);
}

function upgrade(extra: string[] = [], target = WS_PATH): string {
  return request(target, {
    headers: [
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Origin: ${s.url}`,
      `Cookie: ${cookie}`,
      ...extra,
    ],
  });
}

function openClient(server: RunningServer = s): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}${WS_PATH}`, { headers: { cookie: `pw_token=${server.token}`, origin: server.url } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one text message and waits for the server's answer to it. */
function answerTo(ws: WebSocket, text: string): Promise<{ type: string; message?: string; result?: { ok: boolean; error?: { message: string } } }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${text.slice(0, 80)}`)), 15_000);
    ws.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(data.toString()));
    });
    ws.send(text);
  });
}

function deepArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('pipewright serve under hostile requests', () => {
  it('answers 400 to a request target that is not a path, without the token, and lives', async () => {
    expect(statusOf(await rawExchange(request('http://[::1')))).toBe(400);
    await stillServes();
  });

  it('answers 400 to a path that is not percent-encoded UTF-8, with the cookie, and lives', async () => {
    expect(statusOf(await rawExchange(request('/%c0', { headers: [`Cookie: ${cookie}`] })))).toBe(400);
    expect(statusOf(await rawExchange(request('/%', { headers: [`Cookie: ${cookie}`] })))).toBe(400);
    await stillServes();
  });

  it('survives a bounded loop of malformed targets, methods, headers and bodies', async () => {
    const targets = ['http://[::1', 'http://[::1]:1/', '/%c0', '/%', '/%zz', '/%ff%fe', '*', '//evil.example/x', 'http://evil.example/', '/..%2f..%2fetc%2fpasswd', '/%00', `/${'a'.repeat(8000)}`, '/?token=%c0', '/?token=', '/?token=a&token=b', '/\u00e9', 'ws://x/api', '/api?%', '/index.html#frag'];
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'FOO', 'get'];
    const headerSets: string[][] = [
      [],
      [`Cookie: ${cookie}`],
      [`Cookie: pw_token=%c0`],
      [`Cookie: pw_token=${s.token}; pw_token=other`],
      ['Origin: http://[::1', `Cookie: ${cookie}`],
      ['Origin: null', `Cookie: ${cookie}`],
      ['Content-Length: 5', `Cookie: ${cookie}`],
      ['Transfer-Encoding: chunked', `Cookie: ${cookie}`],
      ['Content-Length: 99999999999999999999'],
      [`X-Big: ${'x'.repeat(20_000)}`],
    ];
    const random = prng(20261202);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    for (let i = 0; i < 120; i++) {
      const body = i % 3 === 0 ? noise(random, Math.floor(random() * 64)).toString('latin1') : 'zz\r\n';
      const answer = await rawExchange(request(pick(targets), { method: pick(methods), headers: pick(headerSets), body }), { waitMs: 500 });
      // Node's parser closes some of these itself; any answer must be a status line, never a hang-up mid-write.
      if (answer) expect(answer).toMatch(/^HTTP\/1\.1 \d{3}/);
    }
    // Bytes that are not HTTP at all, and a Host header the parser accepts but no URL can hold.
    for (let i = 0; i < 20; i++) await rawExchange(noise(random, 1 + Math.floor(random() * 300)), { waitMs: 200 });
    for (const h of ['[::1', ':::', '', '[', 'a b']) {
      const raw = `GET / HTTP/1.1\r\nHost: ${h}\r\nCookie: ${cookie}\r\n\r\n`;
      await rawExchange(raw, { waitMs: 500 });
    }
    await stillServes();
  });

  it('refuses malformed WebSocket upgrades and survives garbage frames', async () => {
    for (const target of ['http://[::1', '/%c0', '/api%', '//api', '*']) {
      const answer = await rawExchange(upgrade([], target), { waitMs: 500 });
      expect([400, 404]).toContain(statusOf(answer));
    }
    expect(statusOf(await rawExchange(upgrade(['Sec-WebSocket-Version: 99'])))).toBe(400);
    const random = prng(7);
    const frames: Buffer[] = [
      noise(random, 64),
      frame(0x1, Buffer.from('{"type":"call"'), { mask: false }),
      frame(0x3, Buffer.from('reserved opcode')),
      frame(0x1, Buffer.from([0xc0, 0xaf, 0xfe])),
      frame(0x9, Buffer.alloc(200)),
      frame(0x1, Buffer.from('not the end'), { fin: false }),
      Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]),
      frame(0x8, Buffer.from([0x03])),
    ];
    for (let i = 0; i < 20; i++) frames.push(frame(Math.floor(random() * 16), noise(random, Math.floor(random() * 300))));
    for (const bad of frames) {
      await rawExchange(Buffer.concat([Buffer.from(upgrade()), bad]), { waitMs: 300 });
    }
    await stillServes();
  });

  it('answers every malformed HTTP API request with a status and a JSON error, and lives', async () => {
    const input = (name: string, type: string) => ({ id: name, kind: 'pipeline-input', version: 1, params: { name, type }, position: { x: 0, y: 0 } });
    host.store.pipelines.save({ format: FORMAT, id: 'takes', name: 'Takes', nodes: [input('doc', 'json'), input('note', 'text')], edges: [] }, 'takes');
    const bearer = `Authorization: Bearer ${s.token}`;
    const targets = ['/api/v1', '/api/v1/', '/api/v1/pipelines', '/api/v1/pipelines/takes', '/api/v1/pipelines/takes/runs', '/api/v1/pipelines/%c0/runs', '/api/v1/pipelines//runs', '/api/v1/runs/%', '/api/v1/runs/x/events', '/api/v1/runs/x/cancel', '/api/v1/runs/x/logs?nodeId=%c0', '/api/v1/openapi.json', `/api/v1/${'a/'.repeat(2000)}`, '/api/v1/runs/../pipelines', '/api/v1/pipelines?token=x'];
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'FOO'];
    const headerSets: string[][] = [
      [],
      [bearer],
      [`Cookie: ${cookie}`],
      ['Authorization: Bearer'],
      ['Authorization: Bearer %c0 x'],
      [`Authorization: bearer ${s.token}`, 'Content-Type: application/json'],
      [bearer, 'Content-Type: text/plain'],
      [bearer, 'Content-Type: application/json', 'Content-Length: 99999999999999999999'],
      [bearer, 'Content-Type: application/json', 'Transfer-Encoding: chunked'],
      [bearer, 'Origin: http://evil.example'],
    ];
    const bodies = ['', '{', 'null', '[]', '{"inputs":null}', '{"inputs":{"doc":1,"__proto__":{"x":1}}}', '{"inputs":{"note":"x"},"scope":{"kind":"node","nodeId":"nope"}}', `{"inputs":{"doc":${deepArray(5000)}}}`, `{"inputs":{"doc":${deepArray(100_000)}}}`, '{"inputs":{"note":"\ud800"}}'];
    const random = prng(14);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    for (let i = 0; i < 150; i++) {
      const body = i % 5 === 0 ? noise(random, Math.floor(random() * 64)).toString('latin1') : pick(bodies);
      const headers = pick(headerSets).concat(i % 2 ? [`Content-Length: ${Buffer.byteLength(body, 'latin1')}`] : []);
      const method = pick(methods);
      const answer = await rawExchange(request(pick(targets), { method, headers, body }), { waitMs: 1000 });
      if (!answer) continue;
      expect(answer).toMatch(/^HTTP\/1\.1 \d{3}/);
      // Whatever went wrong, the API's own answers are JSON (Node's parser answers a few itself, without a body).
      const head = answer.slice(0, answer.indexOf('\r\n\r\n'));
      const length = /content-length: (\d+)/i.exec(head);
      if (method !== 'HEAD' && /content-type: application\/json/i.test(head) && length) {
        // latin1 keeps one character per byte, so the length counts characters here.
        const json = Buffer.from(answer.slice(head.length + 4, head.length + 4 + Number(length[1])), 'latin1').toString('utf8');
        expect(() => JSON.parse(json), answer.slice(0, 300)).not.toThrow();
      }
    }
    // Every body, sent as a well-formed start request, is refused with a reason (or runs).
    for (const body of bodies) {
      const answer = await rawExchange(request('/api/v1/pipelines/takes/runs', { method: 'POST', headers: [bearer, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`], body }), { waitMs: 5000 });
      expect([201, 400, 422], `${body.slice(0, 60)} → ${answer.slice(0, 300)}`).toContain(statusOf(answer));
      expect(JSON.parse(Buffer.from(answer.slice(answer.indexOf('\r\n\r\n') + 4), 'latin1').toString('utf8'))).toBeTypeOf('object');
    }
    const list = await fetch(`${s.url}/api/v1/pipelines`, { headers: { authorization: `Bearer ${s.token}` } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { pipelines: { id: string }[] }).pipelines.map((p) => p.id)).toContain('takes');
    await stillServes();
  });

  it('refuses a run input nested too deep to record, over HTTP and the WebSocket, naming the input', async () => {
    const input = (name: string, type: string) => ({ id: name, kind: 'pipeline-input', version: 1, params: { name, type }, position: { x: 0, y: 0 } });
    const doc: Pipeline = { format: FORMAT, id: 'deep-inputs', name: 'Deep inputs', nodes: [input('doc', 'json'), input('note', 'text')], edges: [] };
    host.store.pipelines.save(doc, 'deep-inputs');
    for (const depth of [1_000, 5_000]) {
      // Every other input is right, so the depth is what is refused.
      const body = `{"inputs":{"note":"x","doc":${deepArray(depth)}}}`;
      const answer = await fetch(`${s.url}/api/v1/pipelines/deep-inputs/runs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
        body,
      });
      expect(answer.status, `depth ${depth}`).toBe(400);
      const error = ((await answer.json()) as { error: { message: string; problems: { input: string }[] } }).error;
      expect(error.message).toMatch(/input "doc": the value is nested more than 64 levels deep/);
      expect(error.problems).toContainEqual(expect.objectContaining({ input: 'doc' }));
    }
    const ws = await openClient();
    try {
      const started = await answerTo(ws, `{"type":"call","id":1,"name":"runs.start","input":{"projectId":"deep-inputs","doc":${JSON.stringify(doc)},"inputs":{"note":"x","doc":${deepArray(5_000)}}}}`);
      expect(started.result?.ok).toBe(false);
      expect(started.result?.error?.message).toMatch(/input "doc": the value is nested more than 64 levels deep/);
    } finally {
      ws.close();
    }
    expect(host.store.runs.list({ pipelineId: 'deep-inputs' })).toEqual([]);
    await stillServes();
  });

  it('reports an error of the listening server (out of file descriptors) instead of dying of it', async () => {
    for (let i = 0; i < 3; i++) s.server.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }));
    await stillServes();
  });

  it('answers every malformed WebSocket message with an error and keeps serving calls', async () => {
    const ws = await openClient();
    try {
      // Built as text: JSON.stringify itself overflows the stack on a value this deep.
      const deepDoc = `{"format":"${FORMAT}","id":"deep","name":"Deep","edges":[],"nodes":[{"id":"in","kind":"pipeline-input","position":{"x":0,"y":0},"params":{"name":"x","default":${deepArray(5000)}}}]}`;
      const callWith = (id: number, name: string, input: string) => `{"type":"call","id":${id},"name":"${name}","input":${input}}`;
      const messages = [
        'not json',
        '{"type":"call"',
        '[]',
        'null',
        '{"type":"call","id":-1,"name":"projects.list"}',
        '{"type":"call","id":1,"name":"no.such.call","input":{}}',
        '{"type":"call","id":1,"name":"projects.create","input":{"name":{"toString":1}}}',
        deepArray(100_000),
        callWith(2, 'pipeline.save', `{"doc":${deepDoc}}`),
        JSON.stringify({ type: 'call', id: 4, name: 'pipeline.open', input: { id: '%c0' } }),
        JSON.stringify({ type: 'call', id: 5, name: 'templates.import', input: { fileName: 'x.json', text: deepArray(50_000) } }),
      ];
      for (const text of messages) {
        const answer = await answerTo(ws, text);
        const refused = answer.type === 'error' || (answer.type === 'result' && answer.result?.ok === false);
        expect(refused, text.slice(0, 80)).toBe(true);
      }
      // A binary frame is answered as one, not as a message that failed a schema.
      const binary = await new Promise<{ type: string; message?: string }>((resolve) => {
        ws.once('message', (data) => resolve(JSON.parse(data.toString())));
        ws.send(Buffer.from('{"type":"call","id":1,"name":"projects.list","input":{}}'), { binary: true });
      });
      expect(binary).toEqual({ type: 'error', message: expect.stringMatching(/^a binary message is not a call: send each call as JSON text/) });
      // Validation answers, naming the node and the param that is too deep.
      const checked = (await answerTo(ws, callWith(3, 'pipeline.validate', `{"doc":${deepDoc}}`))) as { result?: { ok: boolean; value?: { issues: { code: string; message: string }[] } } };
      expect(checked.result?.value?.issues).toContainEqual(expect.objectContaining({ code: 'param-limit', message: expect.stringMatching(/node "in": param "default\.0\.0/) }));
      const list = await answerTo(ws, JSON.stringify({ type: 'call', id: 9, name: 'projects.list', input: {} }));
      expect(list.result?.ok).toBe(true);
    } finally {
      ws.close();
    }
    await stillServes();
  });

  it('answers a call whose result cannot be written as JSON with an error, instead of never', async () => {
    let value: unknown = 'bottom';
    for (let i = 0; i < 50_000; i++) value = [value];
    // A handler with a bug: its answer passes the contract but is too deep for JSON.stringify.
    const buggy = await serveRenderer({
      root: join(home, 'ui'),
      handlers: {
        ...api.handlers,
        'pipeline.open': () => ({ doc: { format: FORMAT, id: 'p', name: 'P', edges: [], nodes: [{ id: 'n', kind: 'text', params: { v: value }, position: { x: 0, y: 0 } }] }, projectId: 'p' }),
      },
    });
    const ws = await openClient(buggy);
    try {
      const answer = await answerTo(ws, JSON.stringify({ type: 'call', id: 1, name: 'pipeline.open', input: { id: 'p' } }));
      expect(answer.result?.ok).toBe(false);
      expect(answer.result?.error?.message).toMatch(/pipeline\.open: the answer could not be sent \(.+\); this is a bug in main/);
    } finally {
      ws.close();
      await buggy.close();
    }
  });
});

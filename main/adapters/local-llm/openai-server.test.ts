import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore } from '../../store/store.test-support';
import { LlmService } from '../llm/llm-service';
import { BuiltinModel } from './builtin-model';
import { ModelLibrary } from './model-library';
import { serveOpenAi, type LoopbackServer } from './openai-server';
import { writeStandInModel } from './stand-in-gguf.test-support';

// The built-in model (a stand-in with tiny random weights, on the real runtime) served on
// loopback, and asked through Pipewright's own OpenAI adapter, which uses the openai SDK.
let dir: string;
let builtin: BuiltinModel;
let server: LoopbackServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-loopback-'));
  const library = new ModelLibrary(dir, []);
  await library.add(writeStandInModel(join(dir, 'stand-in.gguf')).path, 'stand-in');
  builtin = new BuiltinModel(library, { gpu: false });
  server = await serveOpenAi(builtin);
});
afterAll(async () => {
  await server.close();
  await builtin.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function raw(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the built-in model on loopback (OpenAI-compatible)', () => {
  it('answers the OpenAI adapter: streamed text, usage, tool calls', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const store = tempStore();
    store.secrets.set('LOOPBACK_TOKEN', server.token);
    const endpoint = { baseUrl: server.url, model: 'stand-in', apiKeySecret: 'LOOPBACK_TOKEN' };
    const service = new LlmService({ store });
    const log: string[] = [];
    const caller = { projectId: 'p', signal: new AbortController().signal, log: (chunk: string) => log.push(chunk) };
    const answer = await service.chat({ endpoint, messages: [{ role: 'user', content: 'Write hello world' }], maxTokens: 12, temperature: 0.2 }, caller);
    expect(answer.usage).toMatchObject({ completionTokens: 12, cost: 0 });
    expect(answer.finishReason).toBe('length');
    expect(log.length).toBeGreaterThan(1);

    const tools = [
      { name: 'run_tests', description: 'Runs the tests', parameters: { type: 'object', properties: { suite: { enum: ['unit', 'e2e'] } }, required: ['suite'] } },
      { name: 'list_files', description: 'Lists the files', parameters: { type: 'object', properties: { recursive: { type: 'boolean' } } } },
    ];
    const messages = [{ role: 'user' as const, content: 'Write a function that adds two numbers.' }];
    const called = await service.chat({ endpoint, messages, tools, maxTokens: 200, temperature: 0 }, caller);
    expect(called.finishReason).toBe('tool_calls');
    expect(['run_tests', 'list_files']).toContain(called.toolCalls[0].name);
    expect(() => JSON.parse(called.toolCalls[0].arguments)).not.toThrow();
  });

  it('lists the installed models to a caller with the token, and refuses one without it or through another host name', async () => {
    const port = new URL(server.url).port;
    const listed = await raw('/v1/models', { authorization: `Bearer ${server.token}` });
    expect(JSON.parse(listed.body).data.map((m: { id: string }) => m.id)).toEqual(['stand-in']);
    expect((await raw('/v1/models', {})).status).toBe(401);
    expect((await raw('/v1/models', { authorization: 'Bearer wrong' })).status).toBe(401);
    const rebound = await raw('/v1/models', { authorization: `Bearer ${server.token}`, host: `evil.example:${port}` });
    expect(rebound.status).toBe(403);
  });

  it('answers a malformed request with its status and reason before any stream starts, and keeps serving', async () => {
    const post = async (body: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, type: res.headers.get('content-type'), error: ((await res.json()) as { error?: { message: string } }).error?.message };
    };
    const hi = [{ role: 'user', content: 'hi' }];
    // A negative token limit reached the runtime, which aborted the whole process.
    expect(await post({ model: 'stand-in', messages: hi, max_tokens: -5 })).toEqual({
      status: 400,
      type: 'application/json',
      error: 'max_tokens must be a whole number from 1 to 1000000',
    });
    expect(await post({ model: 'stand-in', messages: hi, temperature: 'hot', stream: true })).toMatchObject({ status: 400, error: 'temperature must be a number from 0 to 2' });
    expect(await post({ model: 'nope', messages: hi, stream: true })).toMatchObject({ status: 404, error: 'no built-in model "nope" is installed (installed: stand-in)' });
    expect(await post({ model: 'stand-in', messages: [], stream: true })).toMatchObject({ status: 400, error: 'messages must be a non-empty array' });
    expect(await post({ model: 'stand-in', messages: hi, tools: [{ type: 'function' }] })).toMatchObject({ status: 400, error: 'tools[0].function.name must be a non-empty string' });
    const fine = await fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'stand-in', messages: hi, max_tokens: 3 }),
    });
    expect(((await fine.json()) as { usage: { completion_tokens: number } }).usage.completion_tokens).toBe(3);
  });

  it('brings a token limit or temperature out of range into range inside Pipewright too, rather than crashing', async () => {
    const service = new LlmService({ store: tempStore(), builtin });
    const caller = { projectId: 'p', signal: new AbortController().signal };
    const answer = await service.chat({ endpoint: { baseUrl: 'builtin', model: 'stand-in' }, messages: [{ role: 'user', content: 'hi' }], maxTokens: -5, temperature: -3 }, caller);
    expect(answer.usage.completionTokens).toBe(1);
  });
});

/**
 * The built-in model on loopback as an OpenAI-compatible HTTP endpoint (`pipewright models
 * serve`), for tools that speak that API, such as Continue or Kilo Code in the VS Code
 * workspace. 127.0.0.1 only, a bearer token on every request, and a Host header that must name
 * the loopback address, so a web page cannot reach it through DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatMessage, ToolSpec } from '../../../nodes/sdk';
import type { BuiltinModel } from './builtin-model';

const MAX_BODY = 16 * 1024 * 1024;

export interface LoopbackServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'the request body is larger than 16 MiB');
    chunks.push(chunk);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    return body;
  } catch (err) {
    throw new HttpError(400, `the request body is not a JSON object (${(err as Error).message})`);
  }
}

/** Message content as OpenAI sends it: a string, or parts of which the text ones count. */
function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String(p.text) : '')).join('');
  return '';
}

export function fromWire(messages: unknown): ChatMessage[] {
  if (!Array.isArray(messages) || !messages.length) throw new HttpError(400, 'messages must be a non-empty array');
  return messages.map((m, i): ChatMessage => {
    const role = m?.role;
    if (role === 'system' || role === 'developer') return { role: 'system', content: text(m.content) };
    if (role === 'user') return { role: 'user', content: text(m.content) };
    if (role === 'tool') return { role: 'tool', toolCallId: String(m.tool_call_id ?? ''), content: text(m.content) };
    if (role === 'assistant') {
      const calls = Array.isArray(m.tool_calls)
        ? m.tool_calls.map((c: { id?: unknown; function?: { name?: unknown; arguments?: unknown } }) => ({
            id: String(c.id ?? ''),
            name: String(c.function?.name ?? ''),
            arguments: String(c.function?.arguments ?? '{}'),
          }))
        : [];
      return { role: 'assistant', content: text(m.content), ...(calls.length ? { toolCalls: calls } : {}) };
    }
    throw new HttpError(400, `messages[${i}].role "${String(role)}" is not system, user, assistant or tool`);
  });
}

function toolsFromWire(tools: unknown): ToolSpec[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new HttpError(400, 'tools must be an array');
  if (!tools.length) return undefined;
  return tools.map((t, i) => {
    const name = t?.function?.name;
    if (typeof name !== 'string' || !name) throw new HttpError(400, `tools[${i}].function.name must be a non-empty string`);
    const parameters = t.function.parameters ?? {};
    if (typeof parameters !== 'object' || Array.isArray(parameters)) throw new HttpError(400, `tools[${i}].function.parameters must be a JSON Schema object`);
    return { name, description: String(t.function.description ?? ''), parameters };
  });
}

/** A number field of the request: absent, or within its range; anything else is the client's mistake. */
function numberField(body: Record<string, unknown>, key: string, min: number, max: number, integer: boolean): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new HttpError(400, `${key} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return value;
}

/** Serves `builtin` on 127.0.0.1:`port` (0: any free port). */
export async function serveOpenAi(builtin: BuiltinModel, options: { port?: number; token?: string } = {}): Promise<LoopbackServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const expected = Buffer.from(`Bearer ${token}`);
  let port = 0;
  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(403, 'this server answers only requests addressed to 127.0.0.1');
    if (!authorized(req)) throw new HttpError(401, 'a bearer token is needed: the one pipewright models serve printed');
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && path === '/v1/models') {
      return send(res, 200, { object: 'list', data: builtin.models().map((id) => ({ id, object: 'model', created: 0, owned_by: 'pipewright' })) });
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') throw new HttpError(404, `no ${req.method} ${path} here: GET /v1/models and POST /v1/chat/completions are`);
    const body = await readJson(req);
    const model = typeof body.model === 'string' && body.model ? body.model : builtin.endpoint()?.model;
    if (!model) throw new HttpError(404, 'no built-in model is installed: pipewright models pull qwen2.5-coder-1.5b');
    // Everything that can be wrong with the request is answered with its status before a stream starts.
    if (!builtin.models().includes(model)) throw new HttpError(404, `no built-in model "${model}" is installed (installed: ${builtin.models().join(', ') || 'none'})`);
    const messages = fromWire(body.messages);
    const tools = toolsFromWire(body.tools);
    const temperature = numberField(body, 'temperature', 0, 2, false);
    const maxTokens = numberField(body, 'max_tokens', 1, 1_000_000, true) ?? numberField(body, 'max_completion_tokens', 1, 1_000_000, true);
    const format = body.response_format as { type?: string; json_schema?: { name?: string; schema?: Record<string, unknown> } } | undefined;
    const controller = new AbortController();
    // The client went away: stop generating for nobody.
    res.on('close', () => controller.abort());
    const stream = body.stream === true;
    const id = `chatcmpl-${randomBytes(8).toString('hex')}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
    if (stream) res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let answer;
    try {
      answer = await builtin.streamChat({
        baseUrl: 'builtin',
        model,
        messages,
        tools,
        temperature,
        maxTokens,
        jsonSchema: format?.type === 'json_schema' && format.json_schema?.schema ? { name: format.json_schema.name ?? 'answer', schema: format.json_schema.schema } : undefined,
        signal: controller.signal,
        timeoutMs: 30 * 60_000,
        onText: stream ? (delta) => res.write(chunk({ content: delta }, null)) : undefined,
      });
    } catch (err) {
      if (controller.signal.aborted) return;
      if (!stream) throw new HttpError(/no built-in model/.test((err as Error).message) ? 404 : 500, (err as Error).message);
      res.end(`data: ${JSON.stringify({ error: { message: (err as Error).message } })}\n\n`);
      return;
    }
    const usage = { prompt_tokens: answer.usage!.promptTokens, completion_tokens: answer.usage!.completionTokens, total_tokens: answer.usage!.promptTokens + answer.usage!.completionTokens };
    const toolCalls = answer.toolCalls.map((c, index) => ({ index, id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    if (stream) {
      if (toolCalls.length) res.write(chunk({ tool_calls: toolCalls }, null));
      res.write(chunk({}, answer.finishReason));
      const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
      if (streamOptions?.include_usage) res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
      res.end('data: [DONE]\n\n');
      return;
    }
    send(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: answer.content || (toolCalls.length ? null : ''), ...(toolCalls.length ? { tool_calls: toolCalls.map(({ index: _, ...c }) => c) } : {}) },
          finish_reason: answer.finishReason,
        },
      ],
      usage,
    });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (res.headersSent) return void res.end();
      send(res, status, { error: { message: (err as Error).message, type: status === 401 ? 'authentication_error' : 'invalid_request_error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

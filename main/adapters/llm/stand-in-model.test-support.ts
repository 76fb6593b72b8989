import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for a model: a real OpenAI-compatible HTTP server (chat completions with SSE
 * streaming, tool calls and usage fields; GET /models) that answers from a script instead of
 * thinking. Tests queue the replies a model would give and read back the requests it got.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined for GET); tests read whatever the client sent. */
  body: any;
}

export type ScriptStep =
  | {
      kind: 'reply';
      content?: string;
      toolCalls?: { name: string; arguments: unknown; id?: string }[];
      finishReason?: string;
      usage?: { promptTokens: number; completionTokens: number };
      /** A pause before each streamed event, as a slow model would take. */
      delayMs?: number;
    }
  | { kind: 'error'; status: number; message: string; retryAfterSeconds?: number }
  /** Streams `partialContent`, then cuts the connection without finishing the stream. */
  | { kind: 'drop'; partialContent: string }
  /** Decides from the request (what the model was sent) what to answer. */
  | { kind: 'dynamic'; respond: (request: RecordedRequest) => ScriptStep };

export const reply = (content: string, usage?: { promptTokens: number; completionTokens: number }): ScriptStep => ({
  kind: 'reply',
  content,
  usage,
});
export const callTools = (...calls: { name: string; arguments: unknown }[]): ScriptStep => ({ kind: 'reply', toolCalls: calls });
export const callTool = (name: string, args: unknown): ScriptStep => callTools({ name, arguments: args });
export const httpError = (status: number, message: string, retryAfterSeconds?: number): ScriptStep => ({
  kind: 'error',
  status,
  message,
  retryAfterSeconds,
});
export const dropStream = (partialContent: string): ScriptStep => ({ kind: 'drop', partialContent });
export const dynamic = (respond: (request: RecordedRequest) => ScriptStep): ScriptStep => ({ kind: 'dynamic', respond });

export interface StandInOptions {
  models?: string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; others get a 401 naming what they sent. */
  apiKey?: string;
}

export interface StandInModel {
  /** The base URL to configure, ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  /** Only the chat completion requests. */
  readonly chats: RecordedRequest[];
  /** Queues what the next chat requests get, in order. */
  script(...steps: ScriptStep[]): void;
  /** Scripted steps not used yet. */
  readonly remaining: number;
  close(): Promise<void>;
}

const approxTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function errorBody(message: string, type: string) {
  return { error: { message, type, param: null, code: null } };
}

export async function startStandInModel(options: StandInOptions = {}): Promise<StandInModel> {
  const models = options.models ?? ['stand-in-coder'];
  const steps: ScriptStep[] = [];
  const requests: RecordedRequest[] = [];
  let callCount = 0;

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      };
      requests.push(recorded);
      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        const given = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        // Real providers echo (part of) a wrong key back; the client must not pass it on.
        sendJson(res, 401, errorBody(`Incorrect API key provided: ${given}`, 'invalid_request_error'));
        return;
      }
      if (req.method === 'GET' && path === '/v1/models') {
        sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'stand-in' })) });
        return;
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        let step = steps.shift();
        while (step?.kind === 'dynamic') step = step.respond(recorded);
        if (!step) {
          sendJson(res, 400, errorBody('the stand-in model has no scripted reply left for this request', 'invalid_request_error'));
          return;
        }
        answer(res, recorded, step, ++callCount);
        return;
      }
      sendJson(res, 404, errorBody(`the stand-in model does not serve ${req.method} ${path}`, 'not_found'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get chats() {
      return requests.filter((r) => r.path === '/v1/chat/completions');
    },
    script: (...more) => steps.push(...more),
    get remaining() {
      return steps.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, request: RecordedRequest, step: Exclude<ScriptStep, { kind: 'dynamic' }>, n: number): void {
  const body = request.body ?? {};
  const id = `chatcmpl-standin-${n}`;
  const model = String(body.model ?? 'stand-in');
  if (step.kind === 'error') {
    const headers: Record<string, string> = {};
    if (step.retryAfterSeconds !== undefined) headers['retry-after'] = String(step.retryAfterSeconds);
    sendJson(res, step.status, errorBody(step.message, step.status === 429 ? 'rate_limit_exceeded' : 'server_error'), headers);
    return;
  }
  const content = step.kind === 'drop' ? step.partialContent : (step.content ?? '');
  const toolCalls = (step.kind === 'reply' ? (step.toolCalls ?? []) : []).map((c, i) => ({
    id: c.id ?? `call_${n}_${i}`,
    name: c.name,
    arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
  }));
  const finishReason = (step.kind === 'reply' && step.finishReason) || (toolCalls.length ? 'tool_calls' : 'stop');
  const usage =
    step.kind === 'reply' && step.usage
      ? step.usage
      : {
          promptTokens: approxTokens(JSON.stringify(body.messages ?? [])),
          completionTokens: approxTokens(content + toolCalls.map((c) => c.arguments).join('')),
        };
  const usageField = {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
  const created = Math.floor(Date.now() / 1000);

  if (!body.stream) {
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: content || null,
            ...(toolCalls.length
              ? { tool_calls: toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }
              : {}),
          },
          finish_reason: finishReason,
        },
      ],
      usage: usageField,
    });
    return;
  }

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const events: string[] = [chunk({ role: 'assistant', content: '' })];
  // A few characters per event, as a model streams tokens.
  for (let i = 0; i < content.length; i += 6) events.push(chunk({ content: content.slice(i, i + 6) }));
  if (step.kind === 'drop') {
    res.write(events.join(''));
    // Let the client read what was sent, then cut the connection mid-answer.
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  toolCalls.forEach((c, index) => {
    events.push(chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] }));
    for (let i = 0; i < c.arguments.length; i += 40) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: c.arguments.slice(i, i + 40) } }] }));
    }
  });
  events.push(chunk({}, finishReason));
  if (body.stream_options?.include_usage) {
    events.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageField })}\n\n`);
  }
  events.push('data: [DONE]\n\n');
  const delay = step.kind === 'reply' ? (step.delayMs ?? 0) : 0;
  if (!delay) {
    for (const e of events) res.write(e);
    res.end();
    return;
  }
  const next = () => {
    const e = events.shift();
    if (e === undefined || res.destroyed) return void res.end();
    res.write(e);
    setTimeout(next, delay);
  };
  next();
}

import type OpenAI from 'openai';
import type { APIError } from 'openai';
import { loadLater } from '../load-later';
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ChatMessage, ToolCall, ToolSpec } from '../../../nodes/sdk';

const sdk = loadLater<typeof import('openai')>('openai');

/** One request as it goes over the wire; the only file that imports openai. */
export interface WireChat {
  baseUrl: string;
  model: string;
  apiKey?: string;
  messages: readonly ChatMessage[];
  tools?: readonly ToolSpec[];
  temperature?: number;
  maxTokens?: number;
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  signal: AbortSignal;
  /** Each piece of the answer's text as it arrives. */
  onText?: (delta: string) => void;
  /** Each piece of the answer, text or tool-call arguments, as it arrives; throw to stop it. */
  onOutput?: (delta: string) => void;
  timeoutMs: number;
}

export interface WireAnswer {
  content: string;
  toolCalls: ToolCall[];
  finishReason: string;
  /** Absent when the server sent no usage figures. */
  usage?: { promptTokens: number; completionTokens: number };
}

/** Why a call failed, in terms the retry loop and the messages need. */
export interface CallFailure {
  reason: string;
  /** 429, 5xx, a timeout, a refused connection or a stream cut short: worth another try. */
  retryable: boolean;
  status?: number;
  /** What the server asked for in Retry-After. */
  retryAfterMs?: number;
  aborted?: boolean;
  /** The server refused `response_format`: ask again without structured output. */
  noStructuredOutput?: boolean;
  /** The answer had begun to stream when it broke off. */
  dropped?: boolean;
}

function client(baseUrl: string, apiKey: string | undefined, timeoutMs: number): OpenAI {
  return new (sdk().OpenAI)({
    baseURL: baseUrl,
    // The SDK would fall back to OPENAI_API_KEY and friends from the environment, and send a
    // person's OpenAI key to whatever endpoint a pipeline names: everything is explicit here.
    apiKey: apiKey ?? 'unused',
    defaultHeaders: apiKey ? undefined : { Authorization: null },
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    // Retries are ours: they also cover streams dropped half-way, which the SDK does not retry.
    maxRetries: 0,
    timeout: timeoutMs,
  });
}

function toWire(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'assistant':
      return {
        role: 'assistant',
        content: m.content || (m.toolCalls?.length ? null : ''),
        ...(m.toolCalls?.length
          ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) }
          : {}),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    default:
      return { role: m.role, content: m.content };
  }
}

function toolsToWire(tools: readonly ToolSpec[]): ChatCompletionTool[] {
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

/**
 * Sends one streaming chat completion and assembles the answer from its chunks. An error thrown
 * by `onOutput` ends the stream (the request is aborted) and is thrown as it is; a stream that
 * breaks off after it began is a DroppedStream that says how far it got.
 */
export async function streamChat(req: WireChat): Promise<WireAnswer> {
  const stream = await client(req.baseUrl, req.apiKey, req.timeoutMs).chat.completions.create(
    {
      model: req.model,
      messages: req.messages.map(toWire),
      stream: true,
      stream_options: { include_usage: true },
      ...(req.tools?.length ? { tools: toolsToWire(req.tools) } : {}),
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
      ...(req.jsonSchema
        ? { response_format: { type: 'json_schema', json_schema: { name: req.jsonSchema.name, schema: req.jsonSchema.schema } } }
        : {}),
    },
    { signal: req.signal },
  );
  let content = '';
  let finishReason = '';
  let usage: WireAnswer['usage'];
  const calls: { id: string; name: string; arguments: string }[] = [];
  const got = { chunks: 0, bytes: 0 };
  let stopped: { error: unknown } | undefined;
  const output = (delta: string) => {
    got.bytes += Buffer.byteLength(delta);
    req.onOutput?.(delta);
  };
  try {
    for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
      got.chunks++;
      if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta ?? {};
      try {
        if (delta.content) {
          content += delta.content;
          req.onText?.(delta.content);
          output(delta.content);
        }
        for (const part of delta.tool_calls ?? []) {
          const call = (calls[part.index] ??= { id: '', name: '', arguments: '' });
          if (part.id) call.id = part.id;
          if (part.function?.name) call.name += part.function.name;
          if (part.function?.arguments) {
            call.arguments += part.function.arguments;
            output(part.function.arguments);
          }
        }
      } catch (error) {
        // Leaving the loop aborts the request, so the server stops generating too.
        stopped = { error };
        break;
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  } catch (err) {
    if (req.signal.aborted || err instanceof sdk().APIUserAbortError) throw err;
    throw new DroppedStream(got.chunks, got.bytes, err);
  }
  if (stopped) throw stopped.error;
  // A stream that ends without a finish reason was cut short (a proxy timing out, a server dying).
  if (!finishReason) throw new DroppedStream(got.chunks, got.bytes);
  return {
    content,
    toolCalls: calls.filter(Boolean).map((c, i) => ({ id: c.id || `call_${i}`, name: c.name, arguments: c.arguments })),
    finishReason,
    usage,
  };
}

/** GET /models: the ids of the models the endpoint serves. */
export async function listModels(baseUrl: string, apiKey: string | undefined, signal: AbortSignal, timeoutMs: number): Promise<string[]> {
  const ids: string[] = [];
  for await (const model of client(baseUrl, apiKey, timeoutMs).models.list({ signal })) ids.push(model.id);
  return ids;
}

/** The answer began to stream and broke off before the model finished. */
export class DroppedStream extends Error {
  constructor(
    readonly chunks: number,
    readonly bytes: number,
    cause?: unknown,
  ) {
    const how = cause instanceof Error ? ` (${cause.message})` : '';
    super(`the answer stream was dropped after ${chunks} chunk${chunks === 1 ? '' : 's'} (${bytes} bytes of answer)${how}`, { cause });
    this.name = 'DroppedStream';
  }
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const raw = headers?.get('retry-after-ms') ?? undefined;
  if (raw !== undefined && Number.isFinite(Number(raw))) return Number(raw);
  const seconds = headers?.get('retry-after');
  if (!seconds) return undefined;
  if (Number.isFinite(Number(seconds))) return Number(seconds) * 1000;
  const at = Date.parse(seconds);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function serverMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : err.message;
}

/** Sorts an error from a call into what to do about it. */
export function classify(err: unknown): CallFailure {
  if (err instanceof sdk().APIUserAbortError || (err instanceof Error && err.name === 'AbortError')) {
    return { reason: 'cancelled', retryable: false, aborted: true };
  }
  if (err instanceof sdk().APIConnectionTimeoutError) return { reason: 'timed out waiting for an answer', retryable: true };
  if (err instanceof sdk().APIConnectionError) {
    const cause = (err.cause as { cause?: { code?: string }; code?: string } | undefined) ?? {};
    const code = cause.code ?? cause.cause?.code;
    return { reason: code ? `could not connect (${code})` : `connection failed: ${err.message}`, retryable: true };
  }
  if (err instanceof sdk().APIError && err.status !== undefined) {
    const status = err.status;
    const message = serverMessage(err);
    const retryable = status === 429 || status === 408 || status >= 500;
    const noStructuredOutput = status >= 400 && status < 500 && /response_format|json_schema/i.test(message);
    const label = status === 429 ? '429 rate limited' : String(status);
    return { reason: `${label}: ${message}`, retryable, status, retryAfterMs: retryAfterMs(err.headers), noStructuredOutput };
  }
  if (err instanceof DroppedStream) return { reason: err.message, retryable: true, dropped: true };
  // fetch reports a body cut off mid-read as a TypeError ("terminated") or a socket error.
  if (err instanceof Error && /terminated|fetch failed|socket|ECONNRESET|other side closed/i.test(err.message)) {
    return { reason: `the connection dropped mid-answer (${(err as Error).message})`, retryable: true };
  }
  return { reason: err instanceof Error ? err.message : String(err), retryable: false };
}

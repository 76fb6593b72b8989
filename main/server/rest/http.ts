import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Problem } from './schemas';

/** The largest request body the API reads: run inputs are values, not uploads. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A refusal with its HTTP status, answered as `{"error": {status, message, problems?}}`. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems?: Problem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'RestError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // Serialised before any header goes out, so a value JSON cannot write still gets an answer.
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: RestError): void {
  const problems = err.problems?.length ? { problems: err.problems } : {};
  sendJson(res, err.status, { error: { status: err.status, message: err.message, ...problems } }, err.headers);
}

/** Reads a JSON body of at most MAX_BODY_BYTES; an empty body reads as `{}`. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== '' && type !== 'application/json') {
    throw new RestError(415, `the body must be JSON: send it with Content-Type: application/json (got "${type}")`);
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RestError(400, `the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function tooLarge(): RestError {
  return new RestError(413, `the body is larger than ${MAX_BODY_BYTES / (1024 * 1024)} MiB; run inputs are values, pass a folder path for files`, undefined, {
    connection: 'close',
  });
}

/** Parses with `schema`, or refuses with 400 naming each field at fault. */
export function parseBody<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const field = i.path.map(String).join('.');
    const input = i.path[0] === 'inputs' && i.path.length > 1 ? { input: String(i.path[1]) } : {};
    return { ...(field ? { field } : {}), ...input, message: `${field || '(body)'}: ${i.message}` };
  });
  throw new RestError(400, `the body does not match the API: ${problems.map((p) => p.message).join('; ')}`, problems);
}

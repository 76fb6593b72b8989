import { createHash } from 'node:crypto';
import type { ChatRequest } from '../../../nodes/sdk';

/** JSON with object keys sorted, so equal requests give equal text whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The response cache key: everything that shapes the answer, and nothing about who asked. */
export function requestKey(baseUrl: string, model: string, request: ChatRequest): string {
  return createHash('sha256')
    .update(
      canonical({
        baseUrl: baseUrl.replace(/\/+$/, ''),
        model,
        messages: request.messages,
        tools: request.tools,
        temperature: request.temperature,
        maxTokens: request.maxTokens,
        jsonSchema: request.jsonSchema,
      }),
    )
    .digest('hex');
}

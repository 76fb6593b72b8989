import { createHash } from 'node:crypto';
import { canonicalJson, type ChatRequest } from '../../../nodes/sdk';

/** The response cache key: everything that shapes the answer, and nothing about who asked. */
export function requestKey(baseUrl: string, model: string, request: ChatRequest): string {
  return createHash('sha256')
    .update(
      canonicalJson({
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

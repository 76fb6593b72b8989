import { afterEach, describe, expect, it } from 'vitest';
import { llmTestContext, type LlmTestContext } from '../../main/adapters/llm/llm-context.test-support';
import { NodeError } from '../sdk';
import { llmEndpointDefinition } from './definition';
import { llmEndpointRuntime } from './runtime';

let t: LlmTestContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

async function run(params: Record<string, unknown>) {
  t ??= await llmTestContext({ nodeId: 'model' });
  return llmEndpointRuntime.run({ inputs: {}, params: llmEndpointDefinition.params.parse(params), ctx: t.ctx });
}

describe('llm-endpoint node', () => {
  it('outputs the endpoint with the name of its key secret, never the key', async () => {
    t = await llmTestContext({ nodeId: 'model' });
    t.store.secrets.set('OPENAI_API_KEY', 'sk-the-real-key');
    const out = await run({ baseUrl: 'https://api.openai.com/v1/', model: 'gpt-4.1', apiKeySecret: 'OPENAI_API_KEY' });
    expect(out).toEqual({ endpoint: { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1', apiKeySecret: 'OPENAI_API_KEY' } });
    expect(JSON.stringify(out)).not.toContain('sk-the-real-key');
  });

  it('needs no secret for a local server', async () => {
    expect(await run({ baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5-coder:7b' })).toEqual({
      endpoint: { baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5-coder:7b' },
    });
  });

  it('fails on a key secret that is not set, naming the field and how to set it', async () => {
    const error = await run({ baseUrl: 'https://api.mistral.ai/v1', model: 'codestral-latest', apiKeySecret: 'MISTRAL_KEY' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect((error as Error).message).toBe(
      'param "apiKeySecret": the secret "MISTRAL_KEY" is not set: set it with pipewright secret set MISTRAL_KEY (or in Settings → Secrets), or clear the field for a server without a key',
    );
  });

  it('takes builtin as the base URL: the model inside Pipewright, no key', async () => {
    expect(await run({ baseUrl: 'builtin', model: 'qwen2.5-coder-1.5b' })).toEqual({ endpoint: { baseUrl: 'builtin', model: 'qwen2.5-coder-1.5b' } });
    expect(llmEndpointDefinition.params.safeParse({ baseUrl: 'builtin-ish', model: 'm' }).success).toBe(false);
  });

  it('refuses a base URL that is not http(s) and a secret name that is not a word', () => {
    const bad = llmEndpointDefinition.params.safeParse({ baseUrl: 'localhost:11434', model: 'm', apiKeySecret: 'my key' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['baseUrl', 'apiKeySecret']);
  });
});

import { z } from 'zod';
import { defineNode, flag, SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../sdk';

export const llmEndpointDefinition = defineNode({
  kind: 'llm-endpoint',
  version: 1,
  title: 'LLM endpoint',
  category: 'AI',
  description:
    'A chat model behind an OpenAI-compatible API: OpenAI, Mistral (Codestral), a LiteLLM proxy, vLLM, Ollama or LM Studio, or the model built into Pipewright (base URL builtin). Connect it to the nodes that talk to a model. The API key stays in your secrets: the pipeline only names it.',
  icon: 'brain',
  inputs: [],
  outputs: [{ name: 'endpoint', type: 'endpoint', description: 'The base URL, the model and the name of the key secret' }],
  params: z.object({
    baseUrl: z
      .string()
      .regex(
        /^(https?:\/\/[^\s/]+|builtin$)/,
        'enter an http:// or https:// URL, such as https://api.openai.com/v1 or http://localhost:11434/v1, or builtin for the model inside Pipewright',
      )
      .describe(
        'The API base URL, usually ending in /v1 (Ollama: http://localhost:11434/v1, LM Studio: http://localhost:1234/v1); builtin runs an installed local model inside Pipewright, no server or key needed (pipewright models list)',
      )
      .meta(flag({ role: 'url' })),
    model: z.string().min(1, 'enter the model name the server knows').describe('The model to ask, as the server names it (gpt-4.1, codestral-latest, qwen2.5-coder:7b, …)'),
    apiKeySecret: z
      .string()
      .regex(SECRET_NAME_PATTERN, `a secret name uses ${SECRET_NAME_RULE}`)
      .optional()
      .describe('The name of the secret holding the API key (pipewright secret set NAME); leave empty for local servers without a key')
      .meta(flag({ role: 'secret' })),
  }),
  summary: (params) => params.model || undefined,
});

import { z } from 'zod';
import { defineNode, flag, SECRET_NAME_PATTERN, SECRET_NAME_RULE, type PortSpec } from '../sdk';

export const MAX_ROUTED_ENDPOINTS = 8;

/** The name of the n-th endpoint input (1-based): endpoint1, endpoint2, … */
export const endpointInput = (n: number) => `endpoint${n}`;

/** The endpoint inputs for `count`: the first must be connected, the others may be. */
export function endpointInputs(count: number): PortSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: endpointInput(i + 1),
    type: 'endpoint' as const,
    ...(i === 0 ? {} : { optional: true }),
    description: `A model to route to (a vLLM or Ollama server, a hosted API, …)${i === 0 ? '' : '; optional'}`,
  }));
}

/** What a client asks for: model names as LiteLLM accepts them. */
const ALIAS = /^[A-Za-z0-9][\w.:/@-]*$/;
const ALIAS_RULE = 'letters, digits and . _ : / @ -, starting with a letter or digit';

const outputs: PortSpec[] = [
  {
    name: 'endpoint',
    type: 'endpoint',
    description: "The router: http://127.0.0.1:PORT/v1, its default alias as the model, and the master key's secret",
  },
];

export const litellmRouterDefinition = defineNode({
  kind: 'litellm-router',
  version: 1,
  title: 'LiteLLM router',
  category: 'Models',
  description:
    'One OpenAI-compatible endpoint in front of several models (LiteLLM proxy in Docker): each alias routes to an endpoint wired in, with retries and fallbacks to other aliases when one fails. Clients use the master key kept in your secrets. It keeps running after the run (listed in Services) and is reused while its settings and endpoints are unchanged.',
  icon: 'route',
  inputs: endpointInputs(2),
  outputs,
  resolvePorts: (params) => ({ inputs: endpointInputs(params.endpoints), outputs }),
  params: z.object({
    endpoints: z
      .number()
      .int()
      .min(1)
      .max(MAX_ROUTED_ENDPOINTS)
      .default(2)
      .describe(`How many endpoint inputs the node has (endpoint1 … endpoint${MAX_ROUTED_ENDPOINTS})`),
    aliases: z
      .record(
        z.string().regex(ALIAS, `an alias uses ${ALIAS_RULE}`),
        z.string().regex(/^endpoint[1-8]$/, `name an input: endpoint1 … endpoint${MAX_ROUTED_ENDPOINTS}`),
      )
      .optional()
      .describe(
        'The model names clients ask for, each with the input it routes to, such as coder → endpoint1, fast → endpoint2. Empty: every connected endpoint under its own model name',
      ),
    defaultModel: z
      .string()
      .regex(ALIAS, `an alias uses ${ALIAS_RULE}`)
      .optional()
      .describe('The alias handed on as the endpoint\'s model (default: the first alias)'),
    fallbacks: z
      .record(z.string().regex(ALIAS, `an alias uses ${ALIAS_RULE}`), z.array(z.string().regex(ALIAS, `an alias uses ${ALIAS_RULE}`)))
      .optional()
      .describe('Aliases to try, in order, when one fails after its retries, such as {"coder": ["fast"]}'),
    retries: z.number().int().min(0).max(10).default(2).describe('Times LiteLLM retries a failed request on the same alias before falling back'),
    masterKeySecret: z
      .string()
      .regex(SECRET_NAME_PATTERN, `a secret name uses ${SECRET_NAME_RULE}`)
      .describe('The secret holding the key clients must send (LiteLLM wants it to start with sk-); handed on with the endpoint')
      .meta(flag({ role: 'secret' })),
    image: z
      .string()
      .trim()
      .optional()
      .describe('The LiteLLM image (default: the images.litellm setting, ghcr.io/berriai/litellm at a pinned version)')
      .meta(flag({ role: 'image' })),
    port: z.number().int().min(1).max(65535).optional().describe('Port on 127.0.0.1 to serve the router on; a free one when empty').meta(flag({ role: 'port' })),
    keep: z
      .boolean()
      .default(true)
      .describe('Keep the router running after the run (listed in Services); off: it is stopped when the run ends'),
    startTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(180_000)
      .describe('How long LiteLLM gets to start and answer /health/readiness, in milliseconds'),
  }),
  // The router must be checked (and restarted if gone) on every run; what is reused is the container.
  images: [{ name: 'litellm', default: 'ghcr.io/berriai/litellm:v1.79.0-stable', title: 'LiteLLM router', description: 'What LiteLLM routers run' }],
  summary: (params) => (params.aliases ? Object.keys(params.aliases).join(', ') : undefined) || undefined,
  cache: false,
  service: true,
});

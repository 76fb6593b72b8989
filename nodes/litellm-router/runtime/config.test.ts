import { describe, expect, it } from 'vitest';
import type { EndpointValue } from '../../sdk';
import { litellmRouterDefinition } from '../definition';
import { keyVariables, routerConfig } from './config';
import { routing } from './routes';

const params = (p: Record<string, unknown> = {}) => litellmRouterDefinition.params.parse({ masterKeySecret: 'ROUTER_KEY', ...p });
const vllm: EndpointValue = { baseUrl: 'http://127.0.0.1:32001/v1', model: 'devstral', apiKeySecret: 'VLLM_KEY' };
const ollama: EndpointValue = { baseUrl: 'http://127.0.0.1:32002/v1', model: 'qwen2.5-coder:7b' };
const openai: EndpointValue = { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1-mini', apiKeySecret: 'OPENAI_API_KEY' };

describe('routing', () => {
  it('routes every connected endpoint under its own model name when no alias is set', () => {
    expect(routing(params({ endpoints: 3 }), { endpoint1: vllm, endpoint3: ollama })).toEqual({
      routes: [
        { alias: 'devstral', input: 'endpoint1', endpoint: vllm },
        { alias: 'qwen2.5-coder:7b', input: 'endpoint3', endpoint: ollama },
      ],
      defaultModel: 'devstral',
      unused: [],
    });
  });

  it('routes aliases to the inputs they name, and lists connected inputs no alias uses', () => {
    const r = routing(params({ endpoints: 3, aliases: { coder: 'endpoint1', fast: 'endpoint2' }, defaultModel: 'fast', fallbacks: { coder: ['fast'] } }), {
      endpoint1: vllm,
      endpoint2: ollama,
      endpoint3: openai,
    });
    expect(r.routes.map((x) => [x.alias, x.endpoint.model])).toEqual([
      ['coder', 'devstral'],
      ['fast', 'qwen2.5-coder:7b'],
    ]);
    expect(r.defaultModel).toBe('fast');
    expect(r.unused).toEqual(['endpoint3']);
  });

  it('names the field to fix', () => {
    const fails = (p: Record<string, unknown>, inputs: Record<string, unknown>) => {
      try {
        routing(params(p), inputs);
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(fails({}, {})).toBe('no endpoint is connected; connect a model server or an llm-endpoint to endpoint1');
    expect(fails({ aliases: { coder: 'endpoint2' } }, { endpoint1: vllm })).toBe(
      'param "aliases": "coder" routes to endpoint2, which is not connected; connect an endpoint to it or remove the alias',
    );
    expect(fails({ aliases: { coder: 'endpoint5' } }, { endpoint1: vllm })).toBe(
      'param "aliases": "coder" routes to endpoint5, but the node has inputs endpoint1, endpoint2 only; raise param "endpoints" or pick one of those',
    );
    expect(fails({ aliases: { coder: 'endpoint1' }, fallbacks: { coder: ['fast'] } }, { endpoint1: vllm })).toBe(
      'param "fallbacks": "fast" is not an alias of this router; its aliases are coder',
    );
    expect(fails({ defaultModel: 'gpt' }, { endpoint1: vllm })).toBe('param "defaultModel": "gpt" is not an alias of this router; its aliases are devstral');
  });
});

describe("LiteLLM's config.yaml", () => {
  it('lists each route as an openai/ deployment, keys by environment reference, retries and fallbacks in router_settings', () => {
    const { routes } = routing(params({ endpoints: 3, aliases: { coder: 'endpoint1', fast: 'endpoint2', hosted: 'endpoint3' } }), {
      endpoint1: vllm,
      endpoint2: ollama,
      endpoint3: openai,
    });
    const vars = keyVariables(routes);
    expect([...vars]).toEqual([
      ['VLLM_KEY', 'PIPEWRIGHT_UPSTREAM_KEY_1'],
      ['OPENAI_API_KEY', 'PIPEWRIGHT_UPSTREAM_KEY_2'],
    ]);
    const inside = ['http://pipewright-shop-vllm:8000/v1', 'http://pipewright-shop-ollama:11434/v1', 'https://api.openai.com/v1'];
    const deployments = routes.map((r, i) => ({ ...r, apiBase: inside[i], keyEnv: r.endpoint.apiKeySecret && vars.get(r.endpoint.apiKeySecret) }));
    expect(routerConfig('router', deployments, { retries: 3, fallbacks: { coder: ['fast', 'hosted'] } })).toBe(`# LiteLLM proxy configuration written by Pipewright for node "router".
# Keys are read from the container's environment (os.environ/…): none is written here.
model_list:
  - model_name: "coder"
    litellm_params:
      model: "openai/devstral"
      api_base: "http://pipewright-shop-vllm:8000/v1"
      api_key: "os.environ/PIPEWRIGHT_UPSTREAM_KEY_1"
  - model_name: "fast"
    litellm_params:
      model: "openai/qwen2.5-coder:7b"
      api_base: "http://pipewright-shop-ollama:11434/v1"
      api_key: "no-key"
  - model_name: "hosted"
    litellm_params:
      model: "openai/gpt-4.1-mini"
      api_base: "https://api.openai.com/v1"
      api_key: "os.environ/PIPEWRIGHT_UPSTREAM_KEY_2"
router_settings:
  routing_strategy: "simple-shuffle"
  num_retries: 3
  fallbacks:
    - coder:
        - "fast"
        - "hosted"
general_settings:
  master_key: "os.environ/LITELLM_MASTER_KEY"
`);
  });
});

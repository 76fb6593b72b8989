import { z } from 'zod';
import { BUILTIN_BASE_URL, EndpointValue, LLM_COMPLEXITIES, LLM_TASKS, NodeError, type LlmComplexity, type LlmTask } from '../../../nodes/sdk';

/** Endpoint names are short words: they appear in routes, commands and messages. */
export const ENDPOINT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export const EndpointsSetting = z.record(z.string().regex(ENDPOINT_NAME), EndpointValue);
export type EndpointsSetting = z.infer<typeof EndpointsSetting>;

export const RouteTarget = z.object({ endpoint: z.string(), model: z.string().min(1).optional() });
export type RouteTarget = z.infer<typeof RouteTarget>;

export const Route = z.object({
  task: z.enum([...LLM_TASKS, '*']),
  complexity: z.enum([...LLM_COMPLEXITIES, '*']),
  /** Tried in order: the next one answers when one fails. */
  use: z.array(RouteTarget).min(1),
});
export type Route = z.infer<typeof Route>;

export const RouterSetting = z.object({ routes: z.array(Route) });
export type RouterSetting = z.infer<typeof RouterSetting>;

/** An endpoint the router picked, with the name it has in the settings. */
export interface NamedEndpoint extends EndpointValue {
  name: string;
}

/** How closely a route matches: an exact task counts more than an exact complexity. */
function specificity(route: Route, task: LlmTask, complexity: LlmComplexity): number {
  if ((route.task !== '*' && route.task !== task) || (route.complexity !== '*' && route.complexity !== complexity)) return -1;
  return (route.task === task ? 2 : 0) + (route.complexity === complexity ? 1 : 0);
}

/** The name routes use for the built-in local model, whether or not a model is installed. */
export const BUILTIN_ENDPOINT = 'builtin';

/**
 * The endpoints for a task and complexity, in the order to try them: the most specific route's
 * list (the first such route when two tie). Without a matching route, the endpoint named
 * `default`, or the only one there is; with none configured, the built-in model when one is
 * installed (`builtin`: its endpoint now, undefined when no model is installed).
 */
export function resolveRoute(
  endpoints: EndpointsSetting,
  router: RouterSetting | undefined,
  task: LlmTask,
  complexity: LlmComplexity,
  builtin?: EndpointValue,
): NamedEndpoint[] {
  let best: Route | undefined;
  let bestScore = -1;
  for (const route of router?.routes ?? []) {
    const score = specificity(route, task, complexity);
    if (score > bestScore) [best, bestScore] = [route, score];
  }
  if (best) {
    return best.use.map((target) => {
      const endpoint = endpoints[target.endpoint] ?? (target.endpoint === BUILTIN_ENDPOINT ? builtinOrFail(builtin, best) : undefined);
      if (!endpoint) {
        throw new NodeError(
          `the route for ${best.task}/${best.complexity} names the endpoint "${target.endpoint}", which is not configured: add it with pipewright endpoint add ${target.endpoint} …, or change the route`,
        );
      }
      return { name: target.endpoint, ...endpoint, model: target.model ?? endpoint.model };
    });
  }
  const names = Object.keys(endpoints);
  const fallback = endpoints.default ? 'default' : names.length === 1 ? names[0] : undefined;
  if (fallback) return [{ name: fallback, ...endpoints[fallback] }];
  if (!names.length && builtin) return [{ name: BUILTIN_ENDPOINT, ...builtin }];
  throw new NodeError(
    names.length
      ? `no route for ${task}/${complexity} among the ${names.length} configured endpoints (${names.join(', ')}): add one with pipewright endpoint route ${task} ${complexity} <name>, or name one endpoint "default"`
      : `no LLM endpoint is configured for ${task}: connect an LLM endpoint node, add one with pipewright endpoint add <name> --base-url <url> --model <model>, or install the built-in model with pipewright models pull qwen2.5-coder-1.5b`,
  );
}

function builtinOrFail(builtin: EndpointValue | undefined, route: Route): EndpointValue {
  if (builtin) return builtin;
  throw new NodeError(
    `the route for ${route.task}/${route.complexity} names the built-in model, and none is installed: pull one with pipewright models pull qwen2.5-coder-1.5b (or in Settings → Local models), or change the route`,
  );
}

/** Whether an endpoint is the built-in local model rather than a server. */
export function isBuiltin(endpoint: Pick<EndpointValue, 'baseUrl'>): boolean {
  return endpoint.baseUrl === BUILTIN_BASE_URL;
}

/** Reads a settings value with its schema, saying which setting is wrong and how to fix it. */
export function readSetting<T>(key: string, schema: z.ZodType<T>, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
  throw new NodeError(`the setting ${key} is not valid${where}: ${issue.message}; fix it in Settings or with pipewright endpoint`);
}

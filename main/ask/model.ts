import { LlmService } from '../adapters/llm/llm-service';
import { RouterSetting, readSetting, resolveRoute } from '../adapters/llm/router';
import type { Host } from '../host';
import { LLM_ROUTER } from '../settings-keys';
import type { Chat } from './builder/agent';

/** The model Ask plans with, and how to name it in a note. */
export interface AskModel {
  chat: Chat;
  name: string;
}

/**
 * The endpoint named, else the router's `planning` route (or the one endpoint there is, or the
 * built-in model when one is installed); undefined when there is no model at all, so the planner
 * without one answers. A named endpoint that does not exist is an error, not a silent fallback.
 */
export function askModel(host: Host, endpointName: string | undefined, projectId: string, signal: AbortSignal): AskModel | undefined {
  const llm = new LlmService({ store: host.store, builtin: host.builtin });
  const caller = { projectId, signal };
  const endpoints = llm.endpoints();
  if (endpointName) {
    const endpoint = endpoints[endpointName] ?? (endpointName === 'builtin' ? host.builtin.endpoint() : undefined);
    if (!endpoint) {
      throw new Error(
        endpointName === 'builtin'
          ? 'endpoint "builtin": no local model is installed; pull one with pipewright models pull, or leave --endpoint out to plan without a model'
          : `no endpoint "${endpointName}": add it with pipewright endpoint add ${endpointName} --base-url URL --model M (or in Settings), or leave it out`,
      );
    }
    return { name: endpointName, chat: (request) => llm.chat({ ...request, endpoint }, caller) };
  }
  const router = readSetting(LLM_ROUTER, RouterSetting, host.store.settings.get(LLM_ROUTER));
  let target: string;
  try {
    target = resolveRoute(endpoints, router, 'planning', 'medium', host.builtin.endpoint())[0].name ?? 'the planning route';
  } catch {
    // No endpoint, no route for planning, no model installed: plan without a model.
    return undefined;
  }
  return { name: target, chat: (request) => llm.chat({ ...request, route: { task: 'planning', complexity: 'medium' } }, caller) };
}

import { NodeError, type EndpointValue } from '../../sdk';
import { endpointInput } from '../definition';
import type { RouterParams } from './params';

/** One alias and the endpoint it routes to. */
export interface Route {
  alias: string;
  input: string;
  endpoint: EndpointValue;
}

export interface Routing {
  routes: Route[];
  /** The alias handed on as the endpoint's model. */
  defaultModel: string;
  /** Connected inputs no alias names (they are not routed). */
  unused: string[];
}

/**
 * Which alias goes where: the `aliases` param, or every connected endpoint under its own model
 * name. Everything the param names must exist and be connected, and every alias a fallback
 * or the default names must be routed; otherwise the error says which field to fix.
 */
export function routing(params: RouterParams, inputs: Record<string, unknown>): Routing {
  const names = Array.from({ length: params.endpoints }, (_, i) => endpointInput(i + 1));
  const connected = names.filter((n) => inputs[n] !== undefined);
  const endpointOf = (input: string) => inputs[input] as EndpointValue;
  let routes: Route[];
  const aliases = Object.entries(params.aliases ?? {});
  if (aliases.length) {
    routes = aliases.map(([alias, input]) => {
      if (!names.includes(input)) {
        throw new NodeError(`param "aliases": "${alias}" routes to ${input}, but the node has inputs ${names.join(', ')} only; raise param "endpoints" or pick one of those`);
      }
      if (!connected.includes(input)) {
        throw new NodeError(`param "aliases": "${alias}" routes to ${input}, which is not connected; connect an endpoint to it or remove the alias`);
      }
      return { alias, input, endpoint: endpointOf(input) };
    });
  } else {
    if (!connected.length) throw new NodeError('no endpoint is connected; connect a model server or an llm-endpoint to endpoint1');
    routes = connected.map((input) => ({ alias: endpointOf(input).model, input, endpoint: endpointOf(input) }));
  }
  const known = new Set(routes.map((r) => r.alias));
  for (const [alias, list] of Object.entries(params.fallbacks ?? {})) {
    for (const name of [alias, ...list]) {
      if (!known.has(name)) {
        throw new NodeError(`param "fallbacks": "${name}" is not an alias of this router; its aliases are ${[...known].join(', ')}`);
      }
    }
  }
  const defaultModel = params.defaultModel ?? routes[0].alias;
  if (!known.has(defaultModel)) {
    throw new NodeError(`param "defaultModel": "${defaultModel}" is not an alias of this router; its aliases are ${[...known].join(', ')}`);
  }
  const routed = new Set(routes.map((r) => r.input));
  return { routes, defaultModel, unused: connected.filter((n) => !routed.has(n)) };
}

import type { CapabilityFactory, Capabilities } from '../nodes/sdk';
import type { DockerClient } from './adapters/docker';
import { createGit } from './adapters/git';
import { dockerClientFor } from './docker-client';
import { localServicesOf, type LocalServices } from './services';
import { LlmService, type BuiltinChat } from './adapters/llm/llm-service';
import { BuiltinModel } from './adapters/local-llm/builtin-model';
import { pipewrightApi } from './mcp/launch';
import { scopedSecrets } from './scoped-secrets';
import type { Store } from './store';

export interface CapabilityDeps {
  home: string;
  store: Store;
  /** The host's Docker client and local services (made here when the caller has none). */
  docker?: DockerClient;
  localServices?: LocalServices;
  /** The built-in local model (made here for `home` when the caller has none). */
  builtin?: BuiltinChat;
}

/**
 * The real adapters behind ctx.docker, ctx.git, ctx.llm, ctx.secrets and ctx.services, made
 * once per host; each node attempt gets them scoped to itself (labels, logs, cancellation).
 * Each layer adds its entry here as its adapter lands.
 */
export function hostCapabilities(deps: CapabilityDeps): CapabilityFactory {
  const llm = new LlmService({ store: deps.store, builtin: deps.builtin ?? BuiltinModel.forHome(deps.home) });
  const docker = deps.docker ?? dockerClientFor(deps.store.settings);
  const local = deps.localServices ?? localServicesOf(deps.store);
  return (scope): Partial<Capabilities> => ({
    docker: docker.scoped(scope),
    git: createGit(scope),
    services: local.scoped(scope),
    llm: llm.forScope(scope),
    secrets: scopedSecrets(deps.store.secrets, scope),
    pipewright: pipewrightApi(deps.home, scope.projectId),
  });
}

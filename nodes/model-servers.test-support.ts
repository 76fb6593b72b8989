import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerClient } from '../main/adapters/docker';
import { LlmService } from '../main/adapters/llm/llm-service';
import { createPty } from '../main/adapters/pty/pty';
import { scopedSecrets } from '../main/scoped-secrets';
import { localServicesOf } from '../main/services';
import type { Store } from '../main/store';
import { tempStore } from '../main/store/store.test-support';
import type { Capabilities, CapabilityScope } from './sdk';
import { createTestRunContext, type TestRunContext } from './test-context.test-support';

export interface ModelServerTestContext extends TestRunContext {
  store: Store;
  /** Everything the node logged, in order. */
  text(): string;
}

/**
 * A RunContext for the model-server nodes (and a code generator downstream) with real adapters:
 * the Docker client labelling what it makes with `projectId` (so a test removes exactly its
 * own), real LLM calls and encrypted secrets on a temporary store, retries that wait
 * milliseconds. Calls with the same project and node id find each other's containers, as two
 * runs of one pipeline do; with `workspaceRoot` they also get the same folders, as the engine
 * gives a node in every run (a file bound into a container keeps its path).
 */
export async function modelServerContext(
  docker: DockerClient,
  options: { projectId: string; nodeId: string; store?: Store; workspaceRoot?: string },
): Promise<ModelServerTestContext> {
  const store = options.store ?? tempStore();
  const capabilities: Partial<Capabilities> = {};
  const t = await createTestRunContext({ pty: createPty(), nodeId: options.nodeId, capabilities });
  const scope: CapabilityScope = {
    projectId: options.projectId,
    nodeId: options.nodeId,
    runId: `run-${randomUUID().slice(0, 8)}`,
    signal: t.controller.signal,
    log: (chunk, stream) => t.ctx.log(chunk, stream),
  };
  capabilities.docker = docker.scoped(scope);
  capabilities.services = localServicesOf(store).scoped(scope);
  capabilities.llm = new LlmService({ store, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 } }).forScope(scope);
  capabilities.secrets = scopedSecrets(store.secrets, scope);
  const root = options.workspaceRoot;
  if (root) {
    t.ctx.workspace = async (name, keep) => {
      const folder = join(root, name ? `${options.nodeId}-${name}` : options.nodeId);
      if (!keep?.keep) await rm(folder, { recursive: true, force: true });
      await mkdir(folder, { recursive: true });
      return folder;
    };
  }
  return { ...t, store, text: () => t.logs.map((l) => l.chunk).join('') };
}

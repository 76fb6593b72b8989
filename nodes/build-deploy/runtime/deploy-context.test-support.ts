import { join } from 'node:path';
import type { DockerClient } from '../../../main/adapters/docker';
import { createPty } from '../../../main/adapters/pty/pty';
import { localServicesOf, type LocalServices } from '../../../main/services';
import { Store } from '../../../main/store';
import type { CapabilityScope, ServiceValue } from '../../sdk';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { buildDeployDefinition } from '../definition';
import { buildDeployRuntime } from '.';

/**
 * One build-deploy node as a person runs it again and again: the real Docker adapter (or one
 * pointed where no engine answers) and real local services recorded in a data folder of its own.
 */
export interface DeployNode {
  tc: TestRunContext;
  local: LocalServices;
  /** Runs the node once (a run of its own) with these params; returns its service. */
  deploy(dir: string, params?: Record<string, unknown>): Promise<ServiceValue>;
  /** Everything the node logged, and then forgets it (the next run's log starts empty). */
  takeLog(): string;
  /** Stops its local services, closes the store and removes the temporary folder. */
  dispose(): Promise<void>;
}

export async function deployNode(options: { projectId: string; nodeId: string; docker: DockerClient }): Promise<DeployNode> {
  const tc = await createTestRunContext({ pty: createPty(), nodeId: options.nodeId });
  tc.ctx.projectId = options.projectId;
  const store = Store.open(join(tc.root, 'pipewright-home'));
  const local = localServicesOf(store);
  let runs = 0;
  return {
    tc,
    local,
    async deploy(dir, params = {}) {
      const scope: CapabilityScope = {
        projectId: options.projectId,
        nodeId: options.nodeId,
        runId: `run-${++runs}`,
        signal: tc.controller.signal,
        log: (c, s) => tc.ctx.log(c, s),
      };
      const caps = { docker: options.docker.scoped(scope), services: local.scoped(scope) };
      Object.defineProperty(tc.ctx, 'docker', { get: () => caps.docker, configurable: true });
      Object.defineProperty(tc.ctx, 'services', { get: () => caps.services, configurable: true });
      const out = await buildDeployRuntime.run({
        inputs: { workspace: { path: dir } },
        params: buildDeployDefinition.params.parse(params),
        ctx: tc.ctx,
      });
      return out.service as ServiceValue;
    },
    takeLog() {
      const text = tc.logs.map((l) => l.chunk).join('');
      tc.logs.length = 0;
      return text;
    },
    async dispose() {
      for (const s of await local.list()) await local.stop(s.name);
      store.close();
      await tc.dispose();
    },
  };
}

/** Status and body of a GET, with a timeout (the first request to a new server can hang). */
export async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

/** True when nothing answers at `url` any more. */
export function refused(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => false,
    () => true,
  );
}

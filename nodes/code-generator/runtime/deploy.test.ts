import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { dockerForTests, removeProject, testProject } from '../../../main/adapters/docker/docker.test-support';
import { createPty } from '../../../main/adapters/pty/pty';
import { localServicesOf } from '../../../main/services';
import { Store } from '../../../main/store';
import { buildDeployDefinition } from '../../build-deploy/definition';
import { buildDeployRuntime } from '../../build-deploy/runtime';
import type { CapabilityScope, ServiceValue } from '../../sdk';
import { createTestRunContext, type TestRunContext } from '../../test-context.test-support';
import { codeGeneratorDefinition } from '../definition';
import { codeGeneratorRuntime } from './index';

// Like every Docker integration test: required in CI, skipped with a loud warning elsewhere.
const docker = await dockerForTests();
const project = testProject('scaffold-deploy');

let t: TestRunContext | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe.skipIf(!docker)('the offline Node scaffold, deployed by build-deploy', () => {
  const client = docker!;
  afterAll(() => removeProject(client, project));

  it('builds into an image, runs in a sandboxed container and answers GET / with 200', async () => {
    t = await createTestRunContext({ pty: createPty(), nodeId: 'app' });
    const tc = t;
    const scope: CapabilityScope = { projectId: project, nodeId: 'app', runId: 'test-run', signal: tc.controller.signal, log: (c, s) => tc.ctx.log(c, s) };
    const store = Store.open(join(tc.root, 'pipewright-home'));
    onTestFinished(() => store.close());
    const caps = { docker: client.scoped(scope), services: localServicesOf(store).scoped(scope) };
    Object.defineProperty(tc.ctx, 'docker', { get: () => caps.docker });
    Object.defineProperty(tc.ctx, 'services', { get: () => caps.services });

    const generated = await codeGeneratorRuntime.run({
      inputs: { blueprint: '# Plant shop\nSells plants.\nResources: plants (name, price), orders (plant)' },
      params: codeGeneratorDefinition.params.parse({ mode: 'offline', stack: 'node-api' }),
      ctx: tc.ctx,
    });
    const deployed = await buildDeployRuntime.run({
      inputs: { workspace: generated.workspace },
      params: buildDeployDefinition.params.parse({ runtime: 'docker' }),
      ctx: tc.ctx,
    });
    const { url } = deployed.service as ServiceValue;
    const home = await fetch(`${url}/`, { signal: AbortSignal.timeout(5000) });
    expect(home.status).toBe(200);
    expect(await home.json()).toMatchObject({ name: 'plant-shop', resources: [{ name: 'plants' }, { name: 'orders' }] });
    const created = await fetch(`${url}/plants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Fern', price: 12 }),
      signal: AbortSignal.timeout(5000),
    });
    expect(created.status).toBe(201);
  });
});

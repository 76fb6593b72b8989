import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { dockerForTests, removeProject, testProject } from '../../../main/adapters/docker/docker.test-support';
import { createPty } from '../../../main/adapters/pty/pty';
import { localServicesOf } from '../../../main/services';
import { Store } from '../../../main/store';
import { buildDeployDefinition } from '../../build-deploy/definition';
import { buildDeployRuntime } from '../../build-deploy/runtime';
import type { Language } from '../../sdk/blueprint';
import type { CapabilityScope, ServiceValue } from '../../sdk';
import { createTestRunContext } from '../../test-context.test-support';
import { codeGeneratorDefinition } from '../definition';
import { codeGeneratorRuntime } from './index';
import type { GenerationReport } from './report';

/** The images a language's journey needs besides node, python and static (checked up front). */
const IMAGES: Record<Language, string[]> = { node: ['sandbox'], python: [], go: ['go'], java: ['java', 'javaRuntime'], rust: ['rust'] };

/** Docker with the images `language` needs, or undefined (with a loud warning) outside CI. */
export const dockerFor = (language: Language) => dockerForTests(IMAGES[language]);

export interface Journey {
  dir: string;
  report: GenerationReport;
  log: string;
  url: string;
  dockerfile: string;
}

/**
 * The whole path a person takes, offline, on real Docker: a blueprint → the code generator's
 * scaffold, whose tests run in the language's sandbox → Build & Deploy builds the workspace
 * and runs it → GET /health answers 200. Everything the file made is removed afterwards.
 */
export async function blueprintToHealthyService(
  docker: NonNullable<Awaited<ReturnType<typeof dockerForTests>>>,
  blueprint: string,
  params: Record<string, unknown> = {},
): Promise<Journey> {
  const project = testProject('languages');
  onTestFinished(() => removeProject(docker, project));
  const t = await createTestRunContext({ pty: createPty(), nodeId: 'app' });
  onTestFinished(() => t.dispose());
  const scope: CapabilityScope = { projectId: project, nodeId: 'app', runId: 'test-run', signal: t.controller.signal, log: (c, s) => t.ctx.log(c, s) };
  const store = Store.open(join(t.root, 'pipewright-home'));
  onTestFinished(() => store.close());
  const caps = { docker: docker.scoped(scope), services: localServicesOf(store).scoped(scope) };
  Object.defineProperty(t.ctx, 'docker', { get: () => caps.docker });
  Object.defineProperty(t.ctx, 'services', { get: () => caps.services });

  const generated = await codeGeneratorRuntime.run({
    inputs: { blueprint },
    params: codeGeneratorDefinition.params.parse({ mode: 'offline', ...params }),
    ctx: t.ctx,
  });
  const dir = (generated.workspace as { path: string }).path;
  const deployed = await buildDeployRuntime.run({
    inputs: { workspace: generated.workspace },
    params: buildDeployDefinition.params.parse({ runtime: 'docker', healthPath: '/health', keep: false }),
    ctx: t.ctx,
  });
  const { url } = deployed.service as ServiceValue;
  const { readFile } = await import('node:fs/promises');
  return {
    dir,
    report: generated.report as GenerationReport,
    log: t.logs.map((l) => l.chunk).join(''),
    url,
    dockerfile: await readFile(join(dir, 'Dockerfile'), 'utf8'),
  };
}

/** What every language's journey must show: tests counted and passed in its sandbox, a healthy app serving the blueprint's resources. */
export async function expectWorkingApi(journey: Journey, image: string, resource: { name: string; record: Record<string, unknown> }): Promise<void> {
  const { report, log, url } = journey;
  expect(report.verify).toHaveLength(1);
  expect(report.verify[0]).toMatchObject({ passed: true, sandboxed: true, image });
  expect(report.tests?.failed).toBe(0);
  expect(report.tests?.passed).toBeGreaterThanOrEqual(5);
  expect(log).toContain(`(${image})`);

  const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ ok: true });
  const created = await fetch(`${url}/${resource.name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(resource.record),
    signal: AbortSignal.timeout(5000),
  });
  expect(created.status).toBe(201);
  const record = (await created.json()) as { id: number };
  const fetched = await fetch(`${url}/${resource.name}/${record.id}`, { signal: AbortSignal.timeout(5000) });
  expect(await fetched.json()).toMatchObject(resource.record);
}

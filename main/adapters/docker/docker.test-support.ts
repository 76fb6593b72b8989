import { randomUUID } from 'node:crypto';
import { baseImages } from '../../../nodes/definitions';
import type { BaseImage, BaseImageKind, CapabilityScope, LogStream, NodeProgress } from '../../../nodes/sdk';
import { DockerClient } from './client';
import { LABEL } from './labels';

/*
 * What Docker integration tests share: the engine (required in CI, skipped loudly elsewhere),
 * the local base images, and clean-up of everything a test project created.
 */

/**
 * What CI builds in place of a declared image: .ci/images/build-local-images.sh makes the
 * stacks' images, build-code-server-image.sh code-server's, and build-model-stand-ins.sh small
 * Node servers that speak the same HTTP API as vLLM, Ollama and LiteLLM (no GPU, no weights, no
 * registry). An image with no entry here is looked for under the default its kind declares.
 */
export const LOCAL_IMAGES: Readonly<Record<string, string>> = {
  node: 'pipewright-local/node',
  python: 'pipewright-local/python',
  static: 'pipewright-local/static',
  sandbox: 'pipewright-local/node',
  go: 'pipewright-local/go',
  java: 'pipewright-local/java',
  javaRuntime: 'pipewright-local/java-runtime',
  rust: 'pipewright-local/rust',
  postgres: 'pipewright-local/postgres',
  vllm: 'pipewright-stand-in/vllm',
  ollama: 'pipewright-stand-in/ollama',
  litellm: 'pipewright-stand-in/litellm',
  codeServer: 'pipewright-local/code-server:4.139.1',
};

/**
 * The image tests use for the image a kind declares as `name`: its PIPEWRIGHT_IMAGE_* variable
 * when set, else CI's local one, else the declared default. It is also written into
 * process.env so code that reads settings (openHost) uses the same.
 */
export function testImage(name: BaseImageKind, images: readonly BaseImage[] = baseImages): string {
  const declared = images.find((i) => i.name === name);
  if (!declared) throw new Error(`no node kind declares an image called "${name}"; declare it in the images of the kind's definition`);
  process.env[declared.envVar] ||= LOCAL_IMAGES[name] ?? declared.default;
  return process.env[declared.envVar]!;
}

/**
 * Points every declared image's PIPEWRIGHT_IMAGE_* variable (where unset) at the image tests
 * use, as .ci/run does for the whole suite: code that resolves an image from the environment
 * (a spawned CLI, a generated Dockerfile's FROM) then finds the local one, in CI and out of it.
 */
export function useLocalImages(images: readonly BaseImage[] = baseImages): void {
  for (const image of images) testImage(image.name as BaseImageKind, images);
}

const HOW_TO =
  'install Docker (apt-get install docker.io), start it (dockerd &), and build the test images ' +
  '(.ci/images/build-local-images.sh, then .ci/images/build-model-stand-ins.sh for the model servers)';

/**
 * A client for the local engine with the test images, or undefined (after a loud warning) when
 * there is none outside CI. In CI (CI=true) a missing engine or image fails the test file.
 * `also` names more image kinds the file needs (the model servers' stand-ins).
 */
export async function dockerForTests(also: BaseImageKind[] = []): Promise<DockerClient | undefined> {
  useLocalImages();
  const client = new DockerClient({ host: () => process.env.DOCKER_HOST, image: testImage });
  const engine = await client.available();
  const missing: string[] = [];
  if (engine.ok) {
    for (const ref of (['node', 'python', 'static', ...also] as const).map((name) => testImage(name))) {
      const found = await client.docker.getImage(ref).inspect().then(() => true, () => false);
      if (!found) missing.push(ref);
    }
  }
  const problem = !engine.ok ? engine.reason : missing.length ? `test images missing: ${missing.join(', ')}` : undefined;
  if (!problem) return client;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`Docker tests must run in CI, but ${problem}; ${HOW_TO}`);
  }
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! SKIPPING Docker integration tests: ${problem}\n!! To run them: ${HOW_TO}\n${bar}\n`);
  return undefined;
}

/** A project id of its own per test file: clean-up removes exactly what that file made. */
export function testProject(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A CapabilityScope as a node attempt would get, collecting what is logged. */
export function testScope(projectId: string, nodeId: string, runId = `run-${randomUUID().slice(0, 8)}`) {
  const logs: { chunk: string; stream: LogStream }[] = [];
  const progress: NodeProgress[] = [];
  const controller = new AbortController();
  const scope: CapabilityScope = {
    projectId,
    nodeId,
    runId,
    signal: controller.signal,
    log: (chunk, stream = 'stdout') => logs.push({ chunk, stream }),
    progress: (p) => progress.push(p),
  };
  return { scope, logs, progress, controller, text: () => logs.map((l) => l.chunk).join('') };
}

/** Containers (any state) labelled with `projectId`. */
export async function projectContainers(client: DockerClient, projectId: string) {
  return client.docker.listContainers({ all: true, filters: { label: [`${LABEL.project}=${projectId}`] } });
}

export async function projectImages(client: DockerClient, projectId: string) {
  return client.docker.listImages({ filters: { label: [`${LABEL.project}=${projectId}`] } });
}

/** Removes every container, image and volume the project made. */
export async function removeProject(client: DockerClient, projectId: string): Promise<void> {
  for (const c of await projectContainers(client, projectId)) {
    await client.docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  }
  for (const i of await projectImages(client, projectId)) {
    await client.docker.getImage(i.Id).remove({ force: true }).catch(() => undefined);
  }
  const { Volumes = [] } = await client.docker.listVolumes({ filters: { label: [`${LABEL.project}=${projectId}`] } });
  for (const v of Volumes) await client.docker.getVolume(v.Name).remove().catch(() => undefined);
  // The shared service network (pipewright-services) stays: test files run in parallel, and
  // removing it while another file is about to start a service on it would fail that file.
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { NodeError, type BuiltImage, type NodeProgress } from '../../../nodes/sdk';
import { lastLines } from '../../../nodes/sdk/node/terminal-text';
import { contextTar } from './build-context';
import { LABEL } from './labels';
import { inspectImage, removeIfUnused } from './images';

/** Lines of build output shown under a failed build's error. */
const FAILURE_TAIL_LINES = 30;

interface BuildEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

export interface BuildRequest {
  context: string;
  dockerfile: string;
  tag: string;
  labels: Record<string, string>;
  signal?: AbortSignal;
  log: (chunk: string) => void;
  /** Told `Step N/M` as each step starts. */
  progress?: (progress: NodeProgress) => void;
}

/** How long a cancelled build's step container may resist removal (it may be mid-start). */
const STEP_REMOVAL_MS = 10_000;

/** Removes a step container, retrying while the engine is still creating or starting it. */
async function removeStepContainer(docker: Docker, id: string): Promise<void> {
  const deadline = Date.now() + STEP_REMOVAL_MS;
  for (;;) {
    try {
      await docker.getContainer(id).remove({ force: true });
      return;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404 || Date.now() > deadline) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** How long after a cancel the engine may still create the container of the step it was on. */
const STRAY_WINDOW_MS = 2000;

/**
 * An engine that is cancelled just as it creates a step's container can leave that container
 * behind in "created" state, before its id was ever printed. It is recognisable: made since the
 * build started, from the last layer built, running the step's command, with no owner label.
 */
async function sweepStrayStep(docker: Docker, layer: string, command: string, since: number): Promise<void> {
  const deadline = Date.now() + STRAY_WINDOW_MS;
  while (Date.now() < deadline) {
    const all = await docker.listContainers({ all: true }).catch(() => []);
    const strays = all.filter(
      (c) =>
        c.Created >= since &&
        c.ImageID.replace(/^sha256:/, '').startsWith(layer) &&
        // Step containers inherit the image's labels, never a project's: ours all carry one.
        !c.Labels?.[LABEL.project] &&
        c.Command.includes(command.slice(0, 40)),
    );
    await Promise.all(strays.map((c) => removeStepContainer(docker, c.Id)));
    await new Promise((r) => setTimeout(r, 200));
  }
}

function abortError(signal: AbortSignal): Error {
  const err = new Error('image build cancelled', { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

/**
 * Builds `context` into `tag`, streaming the engine's output to `log`. The classic builder
 * prints `Step N/M : INSTRUCTION` before each step; the last one seen names the failing step.
 * Intermediate containers are removed even when a step fails (forcerm), and aborting the
 * request makes the engine stop the build and remove the container of the running step.
 */
export async function buildImage(docker: Docker, req: BuildRequest): Promise<BuiltImage> {
  const { context, dockerfile, signal } = req;
  if (!existsSync(join(context, dockerfile))) {
    throw new NodeError(`there is no ${dockerfile} in ${context}; add one, or let the node write it`);
  }
  if (signal?.aborted) throw abortError(signal);
  const buildStarted = Math.floor(Date.now() / 1000) - 1;
  const previous = await docker
    .getImage(req.tag)
    .inspect()
    .then((i) => i.Id)
    .catch(() => undefined);

  let output = '';
  let step = '';
  /** The layer the next step's container starts from (` ---> <id>` lines). */
  let layer: string | undefined;
  let running: string | undefined;
  /** Containers the builder ran steps in, so a cancelled build can be made to leave none. */
  const stepContainers = new Set<string>();
  let imageId: string | undefined;
  let failure: string | undefined;
  const onEvent = (event: BuildEvent) => {
    if (event.stream) {
      output += event.stream;
      if (output.length > 256 * 1024) output = output.slice(-128 * 1024);
      const steps = [...event.stream.matchAll(/^Step (\d+\/\d+) : (.*)$/gm)];
      if (steps.length) {
        step = `${steps.at(-1)![1]} (${steps.at(-1)![2].trim()})`;
        running = /^RUN\s+(.*)$/is.exec(steps.at(-1)![2].trim())?.[1];
        const [n, m] = steps.at(-1)![1].split('/').map(Number);
        req.progress?.({ done: n - 1, total: m, label: `Step ${n}/${m}: ${steps.at(-1)![2].trim()}` });
      }
      for (const m of event.stream.matchAll(/^ ---> ([0-9a-f]{12,})$/gm)) layer = m[1];
      for (const m of event.stream.matchAll(/Running in ([0-9a-f]{12,})/g)) stepContainers.add(m[1]);
      const built = /Successfully built ([0-9a-f]{12,})/.exec(event.stream);
      if (built) imageId ??= built[1];
      req.log(event.stream);
    } else if (event.status) {
      req.log(`${event.status}\n`);
    }
    if (event.aux?.ID) imageId = event.aux.ID;
    if (event.error) failure = event.errorDetail?.message ?? event.error;
  };

  try {
    const tarball = await contextTar(context, dockerfile);
    const stream = await docker.buildImage(tarball, {
      t: req.tag,
      dockerfile,
      labels: req.labels,
      rm: true,
      forcerm: true,
      abortSignal: signal,
    } as Docker.ImageBuildOptions);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err) => (err ? reject(err) : resolve()), onEvent);
    });
  } catch (err) {
    failure ??= (err as Error).message;
  }
  if (signal?.aborted) {
    // The engine stops a build whose client went away and removes its step container, but in
    // its own time; removing them here means nothing of the build is left once this returns.
    await Promise.all([...stepContainers].map((id) => removeStepContainer(docker, id)));
    if (layer && running) await sweepStrayStep(docker, layer, running, buildStarted);
    throw abortError(signal);
  }
  if (failure !== undefined || !imageId) {
    const where = step ? ` at step ${step}` : '';
    throw new NodeError(
      `image build failed${where}: ${(failure ?? 'the engine reported no image').trim()}`,
      lastLines(output, FAILURE_TAIL_LINES) || '(the build printed nothing)',
    );
  }
  const built = await inspectImage(docker, req.tag);
  if (!built) throw new NodeError(`the build reported success but image ${req.tag} cannot be found; run the node again`);
  // The tag moved to the new image; the old one is garbage unless a container still runs it.
  if (previous && previous !== built.id) await removeIfUnused(docker, previous);
  return { id: built.id, tag: req.tag, exposedPorts: built.exposedPorts };
}

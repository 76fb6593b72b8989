import type Docker from 'dockerode';
import { NodeError, type NodeProgress } from '../../../nodes/sdk';

export interface ImageInfo {
  id: string;
  /** The user the image runs as ('' or '0' or 'root' mean root). */
  user: string;
  exposedPorts: number[];
}

function isMissing(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 404;
}

export async function inspectImage(docker: Docker, ref: string): Promise<ImageInfo | undefined> {
  try {
    const info = await docker.getImage(ref).inspect();
    const ports = Object.keys(info.Config?.ExposedPorts ?? {})
      .map((p) => Number.parseInt(p, 10))
      .filter((p) => Number.isInteger(p));
    return { id: info.Id, user: info.Config?.User ?? '', exposedPorts: ports };
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

export function runsAsRoot(user: string): boolean {
  const name = user.split(':')[0];
  return name === '' || name === '0' || name === 'root';
}

/**
 * The image `ref`, pulled first when this machine does not have it. A pull that fails says
 * which image and what the person can do about it.
 */
export async function ensureImage(
  docker: Docker,
  ref: string,
  log: (line: string) => void,
  signal?: AbortSignal,
  settingHint = 'the node\'s image setting',
  progress?: (progress: NodeProgress) => void,
): Promise<ImageInfo> {
  const present = await inspectImage(docker, ref);
  if (present) return present;
  log(`pulling ${ref} (not on this machine yet)\n`);
  // Bytes of every layer seen so far: the bar fills as the whole image arrives, not layer by layer.
  const layers = new Map<string, { current: number; total: number }>();
  try {
    const stream = await docker.pull(ref, { abortSignal: signal });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err) => (err ? reject(err) : resolve()),
        (event: { status?: string; id?: string; error?: string; progressDetail?: { current?: number; total?: number } }) => {
          if (event.error) reject(new Error(event.error));
          if (progress && event.id && event.status === 'Downloading' && event.progressDetail?.total) {
            layers.set(event.id, { current: event.progressDetail.current ?? 0, total: event.progressDetail.total });
            let current = 0;
            let total = 0;
            for (const l of layers.values()) {
              current += l.current;
              total += l.total;
            }
            progress({ done: current, total, label: `pulling ${ref}` });
          }
          // Layer-by-layer progress would flood the log; the per-layer "Pull complete" lines do not.
          else if (event.status && !/^(Downloading|Extracting|Waiting)/.test(event.status)) {
            log(`${event.id ? `${event.id}: ` : ''}${event.status}\n`);
          }
        },
      );
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new NodeError(
      `image "${ref}" is not on this machine and pulling it failed: ${(err as Error).message}`,
      `Pull or build it (docker pull ${ref}), or choose another image in ${settingHint}.`,
    );
  }
  const pulled = await inspectImage(docker, ref);
  if (!pulled) throw new NodeError(`image "${ref}" was pulled but cannot be found; try again`);
  return pulled;
}

/** Removes an image no tag or container uses any more; images still in use stay. */
export async function removeIfUnused(docker: Docker, id: string): Promise<void> {
  try {
    const info = await docker.getImage(id).inspect();
    if ((info.RepoTags ?? []).some((t) => t !== '<none>:<none>')) return;
    await docker.getImage(id).remove({ noprune: false });
  } catch {
    // In use by a container, or gone already: either way nothing to do.
  }
}

import type { Readable } from 'node:stream';
import type Docker from 'dockerode';

/**
 * Copies image `ref` from one engine to another as `docker save | docker load` does, streamed
 * (never held in memory): how an image reaches a swarm node or a remote engine with no registry.
 */
export async function copyImage(from: Docker, to: Docker, ref: string): Promise<void> {
  const saved = (await from.getImage(ref).get()) as unknown as Readable;
  const loading = (await to.loadImage(saved, { quiet: true })) as unknown as Readable;
  await new Promise<void>((resolve, reject) => {
    to.modem.followProgress(loading, (err: Error | null, events: { error?: string }[]) => {
      const failed = events?.find((e) => e.error);
      if (err || failed) reject(new Error(`copying ${ref} to the other engine failed: ${err?.message ?? failed?.error}`));
      else resolve();
    });
  });
}

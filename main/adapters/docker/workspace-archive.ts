import { lstat, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join, posix, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type tarFs from 'tar-fs';
import { loadLater } from '../load-later';

const tar = loadLater<typeof tarFs>('tar-fs');

/*
 * Folders travel to and from a remote engine as tar archives (Docker's putArchive and
 * getArchive): it cannot see this machine's files, so nothing is bound in there.
 */

/** Where a sandboxed command's workspace sits in its container when it is bound in. */
export const WORKSPACE_IN_CONTAINER = '/workspace';

/**
 * On a remote engine: the volume the workspace is copied into, and the workspace inside it. A
 * read-only container takes archives only into a volume, and the engine never applies an
 * archive's entry for the folder it unpacks into, so the workspace is one level down, where its
 * own entry makes it the command's user's to write in.
 */
export const REMOTE_VOLUME = '/sandbox';
export const REMOTE_WORKSPACE = `${REMOTE_VOLUME}/workspace`;

function ids(user: string | undefined): { uid: number; gid: number } | undefined {
  const m = /^(\d+):(\d+)$/.exec(user ?? '');
  return m ? { uid: Number(m[1]), gid: Number(m[2]) } : undefined;
}

/**
 * Copies `folder` into the created, not yet started, container as `target` (a folder directly
 * inside a volume), owned by `user` (uid:gid) so the command may write there.
 */
export async function copyFolderIn(container: Docker.Container, folder: string, target: string, user?: string): Promise<void> {
  const owner = ids(user);
  const name = posix.basename(target);
  const packed = tar().pack(folder, {
    map: (header) => ({
      ...header,
      name: header.name === '.' ? name : `${name}/${header.name}`,
      ...(owner ? { uid: owner.uid, gid: owner.gid, uname: '', gname: '' } : {}),
    }),
  });
  await container.putArchive(packed, { path: posix.dirname(target) });
}

/**
 * Copies what the command left in `source` (a folder in the stopped container) back into
 * `folder`: what it wrote or changed overwrites the local copy, and what it deleted is deleted
 * here too (everything was sent, so anything missing there was removed by the command). Files
 * are owned by whoever runs Pipewright.
 */
export async function copyFolderOut(container: Docker.Container, source: string, folder: string): Promise<void> {
  const root = resolve(folder);
  const prefix = `${posix.basename(source)}/`;
  const archive = (await container.getArchive({ path: source })) as unknown as Readable;
  const present = new Set<string>();
  await pipeline(
    archive,
    tar().extract(root, {
      // tar-fs honours it (its types omit it): files are the person's, not the container user's.
      ...({ chown: false } as object),
      map: (header) => ({ ...header, name: header.name === prefix.slice(0, -1) ? '' : header.name.startsWith(prefix) ? header.name.slice(prefix.length) : header.name }),
      // The folder itself keeps its own mode; entries never leave it (tar-fs checks links too).
      ignore: (name) => {
        const at = resolve(name);
        if (at === root || !at.startsWith(root + sep)) return true;
        present.add(at);
        return false;
      },
    }),
  );
  await removeMissing(root, present);
}

/** Deletes what is under `dir` but not in `present` (absolute paths), without following links. */
async function removeMissing(dir: string, present: Set<string>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (!present.has(path)) await rm(path, { recursive: true, force: true });
    else if (entry.isDirectory()) await removeMissing(path, present);
  }
}

/**
 * Copies bound files and folders into a created service container at their targets, in place
 * of bind mounts an engine on another machine could not honour. Missing parents are made by
 * the engine. A service's writes there stay in its container.
 */
export async function copyMountsIn(
  container: Docker.Container,
  mounts: readonly { source: string; target: string }[],
  user?: string,
): Promise<void> {
  const owner = ids(user);
  for (const m of mounts) {
    const target = posix.normalize(m.target).replace(/^\/+/, '');
    const info = await lstat(m.source);
    const own = (header: tarFs.Headers) => (owner ? { ...header, uid: owner.uid, gid: owner.gid, uname: '', gname: '' } : header);
    const packed = info.isDirectory()
      ? tar().pack(m.source, { map: (h) => own({ ...h, name: h.name === '.' ? target : join(target, h.name).split(sep).join('/') }) })
      : tar().pack(dirname(m.source), { entries: [basename(m.source)], map: (h) => own({ ...h, name: target }) });
    await container.putArchive(packed, { path: '/' });
  }
}

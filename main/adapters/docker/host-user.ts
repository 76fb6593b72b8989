import { lchown, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The user containers run as when Pipewright itself runs as root: never root inside. */
export const UNPRIVILEGED_UID = 1000;

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  const info = await lstat(path);
  if (info.uid !== uid || info.gid !== gid) await lchown(path, uid, gid);
  if (!info.isDirectory()) return;
  for (const entry of await readdir(path)) await chownTree(join(path, entry), uid, gid);
}

const runningAsRoot = () => process.getuid?.() === 0;

/**
 * The user a container that writes into bound folders runs as: the person's own uid and gid,
 * so what it writes is theirs to edit. When Pipewright runs as root (CI, some servers) the
 * container still must not be root: it runs as an unprivileged uid, and handOver gives it
 * the folders (root, the person then, can still edit them).
 */
export function hostUser(): string {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid !== undefined && gid !== undefined && uid !== 0) return `${uid}:${gid}`;
  return `${UNPRIVILEGED_UID}:${UNPRIVILEGED_UID}`;
}

/** Makes `folders` writable by hostUser(): only needed, and only done, when Pipewright runs as root. */
export async function handOver(folders: string[]): Promise<void> {
  if (!runningAsRoot()) return;
  for (const folder of folders) await chownTree(folder, UNPRIVILEGED_UID, UNPRIVILEGED_UID);
}

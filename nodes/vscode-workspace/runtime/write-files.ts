import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OWN_WORKSPACE_FILES, type FileRoot, type GeneratedFile } from './assistant-files';

export type Roots = Record<FileRoot, string>;

/**
 * Writes the generated files under their host folders. Files holding a key are made readable by
 * their owner only (chmod too: a file that existed keeps its old mode through writeFile).
 */
export async function writeGeneratedFiles(files: GeneratedFile[], roots: Roots): Promise<void> {
  for (const file of files) {
    const target = join(roots[file.root], ...file.path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content, file.private ? { mode: 0o600 } : {});
    if (file.private) await chmod(target, 0o600);
  }
  const written = new Set(files.filter((f) => f.root === 'workspace').map((f) => f.path));
  for (const own of OWN_WORKSPACE_FILES) {
    if (!written.has(own)) await rm(join(roots.workspace, ...own.split('/')), { force: true });
  }
}

/**
 * The models on this machine, in `<data folder>/models/`: files pulled from the catalog, and
 * files the person already had, added by path (recorded where they are, never copied or
 * deleted). `installed.json` lists them with their size and checksum.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { bundledCatalog, MODEL_ID, type CatalogEntry } from './catalog';
import { download, sha256Of, type DownloadOptions } from './download';
import { checkGguf } from './gguf-check';

export const InstalledModel = z.object({
  id: z.string().regex(MODEL_ID),
  name: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Hex; what the file had when it was pulled or added. */
  sha256: z.string(),
  /** `pulled` files live in the models folder and go when removed; `added` ones are the person's. */
  source: z.enum(['pulled', 'added']),
});
export type InstalledModel = z.infer<typeof InstalledModel>;

const Index = z.object({ models: z.array(InstalledModel) });

/** A row of `pipewright models list` and of Settings: a catalog model or an added one. */
export interface LibraryRow {
  id: string;
  name: string;
  for?: 'cpu' | 'gpu';
  licence?: string;
  /** The file's size when installed, the catalog's figure otherwise. */
  bytes: number;
  installed: boolean;
  source?: InstalledModel['source'];
  path?: string;
  /** Bytes of a pull that was stopped or cut, kept for the next pull to resume from. */
  partBytes?: number;
}

/** Whether a process with this id runs (a signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ModelLibraryError extends Error {
  override name = 'ModelLibraryError';
}


export class ModelLibrary {
  readonly dir: string;
  private readonly index: string;

  constructor(
    home: string,
    readonly catalog: readonly CatalogEntry[] = bundledCatalog(),
  ) {
    this.dir = join(home, 'models');
    this.index = join(this.dir, 'installed.json');
  }

  installed(): InstalledModel[] {
    if (!existsSync(this.index)) return [];
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.index, 'utf8'));
    } catch (err) {
      throw new ModelLibraryError(`${this.index} is not valid JSON (${(err as Error).message}): fix or delete it, then pull or add the models again`);
    }
    const parsed = Index.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ModelLibraryError(`${this.index} is not a list of models (at ${issue.path.join('.') || 'the top'}: ${issue.message}): fix or delete it`);
    }
    return parsed.data.models;
  }

  find(id: string): InstalledModel | undefined {
    return this.installed().find((m) => m.id === id);
  }

  /**
   * The model `builtin` answers with when none is named: the first installed one in catalog
   * order (the small CPU model before the larger one), then the added ones by name.
   */
  defaultModel(): InstalledModel | undefined {
    const installed = this.installed();
    for (const entry of this.catalog) {
      const found = installed.find((m) => m.id === entry.id);
      if (found) return found;
    }
    return [...installed].sort((a, b) => a.id.localeCompare(b.id))[0];
  }

  list(): LibraryRow[] {
    const installed = this.installed();
    const rows: LibraryRow[] = this.catalog.map((entry) => {
      const have = installed.find((m) => m.id === entry.id);
      const part = have ? undefined : this.partOf(entry.id);
      return {
        id: entry.id,
        name: entry.name,
        for: entry.for,
        licence: entry.licence,
        bytes: have?.bytes ?? entry.bytes,
        installed: !!have,
        ...(have ? { source: have.source, path: have.path } : {}),
        ...(part ? { partBytes: part.bytes } : {}),
      };
    });
    for (const m of installed) {
      if (!this.catalog.some((e) => e.id === m.id)) rows.push({ id: m.id, name: m.name, bytes: m.bytes, installed: true, source: m.source, path: m.path });
    }
    return rows;
  }

  /** Downloads a catalog model into the models folder (resuming a cut pull), checks and records it. */
  async pull(
    id: string,
    options: Pick<DownloadOptions, 'signal' | 'onProgress' | 'stallMs' | 'retryDelayMs' | 'attempts'> = {},
  ): Promise<InstalledModel> {
    const entry = this.catalog.find((e) => e.id === id);
    if (!entry) {
      throw new ModelLibraryError(`there is no model "${id}" in the catalog: pipewright models list shows the ones there are; a file you have is added with pipewright models add <file>`);
    }
    const have = this.find(id);
    if (have && existsSync(have.path)) return have;
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${entry.id}.gguf`);
    const release = await this.lockPull(id, `${path}.part.lock`);
    try {
      // Without a known checksum, a web page or a damaged file would otherwise pass for the model.
      const { bytes, sha256 } = await download(entry.url, path, { sha256: entry.sha256, verify: async (file) => void (await checkGguf(file)), ...options });
      // A catalog entry without a known checksum gets the one of its first download, kept here.
      const model: InstalledModel = { id: entry.id, name: entry.name, path, bytes, sha256, source: 'pulled' };
      await this.save([...this.installed().filter((m) => m.id !== id), model]);
      return model;
    } finally {
      await release();
    }
  }

  /**
   * One pull of a model at a time on this machine (the app, the CLI, two terminals): two would
   * append to the same part file. A lock left by a process that is gone is taken over.
   */
  private async lockPull(id: string, lock: string): Promise<() => Promise<void>> {
    for (let tries = 0; tries < 2; tries++) {
      try {
        await writeFile(lock, String(process.pid), { flag: 'wx' });
        return () => rm(lock, { force: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const pid = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new ModelLibraryError(`${id} is being pulled already (by process ${pid}${pid === process.pid ? ', this one' : ''}): wait for that pull, or stop it and pull again`);
      }
      await rm(lock, { force: true });
    }
    throw new ModelLibraryError(`${id} is being pulled already (${lock} keeps coming back): wait for that pull, or delete the file`);
  }

  /** Records a GGUF file the person already has, where it is. */
  async add(file: string, id?: string): Promise<InstalledModel> {
    const path = resolve(file);
    const name = id ?? basename(path).replace(/\.gguf$/i, '').replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
    if (!MODEL_ID.test(name)) throw new ModelLibraryError(`"${name}" cannot name a model: use letters, digits, _ . and - (--name NAME)`);
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new ModelLibraryError(`the model file ${path} cannot be read (${err.code ?? err.message})`);
    });
    if (!info.isFile()) throw new ModelLibraryError(`${path} is not a file: give the path of a .gguf model file`);
    await checkGguf(path).catch((err: Error) => {
      throw new ModelLibraryError(`${path} cannot be added: ${err.message}`);
    });
    if (this.find(name)) throw new ModelLibraryError(`a model named "${name}" is installed already: remove it first (pipewright models rm ${name}) or choose another --name`);
    const model: InstalledModel = { id: name, name: basename(path), path, bytes: info.size, sha256: await sha256Of(path), source: 'added' };
    await mkdir(this.dir, { recursive: true });
    await this.save([...this.installed(), model]);
    return model;
  }

  /** The part file a stopped or cut pull of catalog model `id` left, if any. */
  private partOf(id: string): { path: string; bytes: number } | undefined {
    if (!this.catalog.some((e) => e.id === id)) return undefined;
    const path = join(this.dir, `${id}.gguf.part`);
    try {
      return { path, bytes: statSync(path).size };
    } catch {
      return undefined;
    }
  }

  /**
   * Deletes what a stopped or cut pull of `id` left (unless a pull of it runs now); returns
   * the bytes freed, undefined when there was nothing.
   */
  async removePart(id: string): Promise<number | undefined> {
    const part = this.partOf(id);
    if (!part) return undefined;
    const release = await this.lockPull(id, `${join(this.dir, `${id}.gguf`)}.part.lock`);
    try {
      await rm(part.path, { force: true });
    } finally {
      await release();
    }
    return part.bytes;
  }

  /** Forgets a model; deletes its file only when Pipewright downloaded it. */
  async remove(id: string): Promise<{ model: InstalledModel; deletedFile: boolean }> {
    const model = this.find(id);
    if (!model) throw new ModelLibraryError(`no model "${id}" is installed: pipewright models list shows the installed ones`);
    await this.save(this.installed().filter((m) => m.id !== id));
    const deletedFile = model.source === 'pulled';
    if (deletedFile) {
      await rm(model.path, { force: true });
      await rm(`${model.path}.part`, { force: true });
    }
    return { model, deletedFile };
  }

  private async save(models: InstalledModel[]): Promise<void> {
    // Written whole under another name and renamed, so a crash never leaves half a list.
    const temp = `${this.index}.${randomUUID()}.tmp`;
    await writeFile(temp, `${JSON.stringify({ models }, null, 2)}\n`);
    await rename(temp, this.index);
  }
}

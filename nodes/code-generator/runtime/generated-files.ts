import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunContext } from '../../sdk';
import { normalizePath } from './paths';

/**
 * Kept outside the workspace, so it never shows up in the person's repository, their Docker
 * builds or the model's file listing.
 */
const RECORD_FOLDER = 'generated-files';
const RECORD_FILE = 'generated.json';

interface GeneratedRecord {
  format: 1;
  /** The folder the files are in: a record about another folder says nothing about this one. */
  workspace: string;
  /** Path relative to the workspace → sha256 of the content the generator left there. */
  files: Record<string, string>;
}

/** Folders never walked: git's own, and installed dependencies and caches nobody writes by hand. */
const NOT_WALKED = new Set(['.git', 'node_modules', '.venv', '__pycache__']);

/** True for `.git` and anything in it, however the model spells it (macOS folders ignore case). */
export function insideGitFolder(relPath: string): boolean {
  return normalizePath(relPath).split('/')[0].toLowerCase() === '.git';
}

async function sha256(file: string): Promise<string | undefined> {
  const info = await lstat(file).catch(() => undefined);
  // Links and folders are never hashed: a link could lead anywhere.
  if (!info?.isFile()) return undefined;
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

async function filesUnder(root: string, rel = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!NOT_WALKED.has(entry.name)) out.push(...(await filesUnder(root, child)));
    } else {
      out.push(child);
    }
  }
  return out;
}

/** A relative path from the record that stays inside the workspace, or undefined. */
function safeRelative(relPath: string): string | undefined {
  const n = normalizePath(relPath);
  if (!n || n === '.' || path.posix.isAbsolute(n) || n === '..' || n.startsWith('../') || insideGitFolder(n)) return undefined;
  return n;
}

/**
 * Which files of a workspace the code generator made, across runs. Regenerating removes the
 * ones it made before and no longer makes (unless the person changed them since), and never
 * touches `.git` or a file it did not make.
 */
export class GeneratedFiles {
  private constructor(
    private readonly ctx: RunContext,
    private readonly cwd: string,
    private readonly recordPath: string,
    /** What earlier runs made: path → hash of the content they left. */
    private readonly before: Map<string, string>,
    /** Files in the folder when this run started that no run of the generator made. */
    private readonly notOurs: Set<string>,
  ) {}

  static async load(ctx: RunContext, cwd: string): Promise<GeneratedFiles> {
    const folder = await ctx.workspace(RECORD_FOLDER, { keep: true });
    const recordPath = path.join(folder, RECORD_FILE);
    const before = new Map<string, string>();
    const text = await readFile(recordPath, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        const record = JSON.parse(text) as GeneratedRecord;
        if (record.format === 1 && record.workspace === cwd) {
          for (const [rel, hash] of Object.entries(record.files ?? {})) {
            const safe = safeRelative(rel);
            if (safe && typeof hash === 'string') before.set(safe, hash);
          }
        }
      } catch {
        // A record that cannot be read only costs the clean-up of files made earlier: nothing is deleted.
        ctx.log(`note: ${recordPath} is not valid JSON; files made by earlier runs are left in place this time\n`, 'info');
      }
    }
    const notOurs = new Set((await filesUnder(cwd)).filter((f) => !before.has(f)));
    return new GeneratedFiles(ctx, cwd, recordPath, before, notOurs);
  }

  /**
   * Why `relPath` may not be changed by the model (undefined when it may). The `.git` folder
   * is git-repo's; with `protectOthers`, files the generator did not make stay the person's.
   */
  refusal(relPath: string, action: 'write' | 'delete', protectOthers: boolean): string | undefined {
    if (insideGitFolder(relPath)) return `"${relPath}" is inside .git, which holds the repository's history; it is never ${action === 'write' ? 'written' : 'deleted'} by the code generator`;
    if (action !== 'delete' || !protectOthers) return undefined;
    const target = normalizePath(relPath);
    const theirs = [...this.notOurs].filter((f) => f === target || target === '.' || f.startsWith(`${target}/`));
    if (!theirs.length) return undefined;
    const shown = theirs.slice(0, 5).join(', ') + (theirs.length > 5 ? ` and ${theirs.length - 5} more` : '');
    return `${shown} ${theirs.length === 1 ? 'was' : 'were'} not made by the code generator (added by hand), so ${theirs.length === 1 ? 'it stays' : 'they stay'}; leave ${theirs.length === 1 ? 'it' : 'them'} as ${theirs.length === 1 ? 'it is' : 'they are'}`;
  }

  /** Which of `paths` were in the folder before this run without the generator having made them. */
  handMade(paths: Iterable<string>): string[] {
    return [...paths].filter((p) => this.notOurs.has(normalizePath(p)));
  }

  /**
   * After a complete regeneration: removes the files earlier runs made that this one did not
   * write. One the person changed since is kept (and is theirs from now on).
   */
  async removeStale(written: ReadonlySet<string>): Promise<{ removed: string[]; kept: string[] }> {
    const removed: string[] = [];
    const kept: string[] = [];
    for (const [rel, hash] of [...this.before].sort(([a], [b]) => a.localeCompare(b))) {
      if (written.has(rel)) continue;
      const file = path.join(this.cwd, rel);
      const now = await sha256(file);
      if (now === undefined) {
        this.before.delete(rel);
      } else if (now === hash) {
        await rm(file, { force: true });
        await this.pruneEmptyFolders(path.posix.dirname(rel));
        this.before.delete(rel);
        removed.push(rel);
      } else {
        this.before.delete(rel);
        this.notOurs.add(rel);
        kept.push(rel);
      }
    }
    return { removed, kept };
  }

  /** Folders left empty by a removal go too, up to the workspace itself. */
  private async pruneEmptyFolders(relDir: string): Promise<void> {
    for (let dir = relDir; dir && dir !== '.'; dir = path.posix.dirname(dir)) {
      const ok = await rmdir(path.join(this.cwd, dir)).then(
        () => true,
        () => false,
      );
      if (!ok) return;
    }
  }

  /**
   * Records what the generator made, for the next run: the files this run wrote (as they are
   * now) and those earlier runs made that are still there, with the content they left.
   */
  async save(written: ReadonlySet<string>): Promise<void> {
    const files: Record<string, string> = {};
    for (const [rel, hash] of this.before) {
      if (!written.has(rel) && (await sha256(path.join(this.cwd, rel))) !== undefined) files[rel] = hash;
    }
    for (const rel of written) {
      const safe = safeRelative(rel);
      const hash = safe && (await sha256(path.join(this.cwd, safe)));
      if (safe && hash) files[safe] = hash;
    }
    const record: GeneratedRecord = { format: 1, workspace: this.cwd, files };
    await mkdir(path.dirname(this.recordPath), { recursive: true });
    await writeFile(this.recordPath, `${JSON.stringify(record, null, 2)}\n`);
  }
}

import { randomBytes } from 'node:crypto';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';

/** The longest id a document (and every call that names one) accepts: see nodes/sdk/document.ts. */
export const MAX_ID_LENGTH = 200;

/** Turns a name into the start of an id: `My App!` → `my-app`. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || 'project';
}

/**
 * Ids that are taken by a project or a pipeline. A project's main pipeline shares its id, so a
 * new id must be free in both tables.
 */
export class IdRegistry {
  private readonly taken: SqliteStatement<{ n: number }>;

  constructor(db: SqliteDatabase) {
    this.taken = db.prepare(
      'SELECT (SELECT count(*) FROM projects WHERE id = ?) + (SELECT count(*) FROM pipelines WHERE id = ?) AS n',
    );
  }

  isTaken(id: string): boolean {
    return this.taken.get(id, id)!.n > 0;
  }

  /** A readable id made from `name` with a random suffix, free in both tables. */
  fromName(name: string): string {
    for (;;) {
      const id = `${slug(name)}-${randomBytes(3).toString('hex')}`;
      if (!this.isTaken(id)) return id;
    }
  }

  /**
   * `id` itself when free, else the first free `id-2`, `id-3`, …, its start cut so that the
   * whole stays within `MAX_ID_LENGTH` (a longer id could be saved but never named again).
   */
  firstFree(id: string): string {
    if (!this.isTaken(id)) return id;
    for (let n = 2; ; n++) {
      const suffix = `-${n}`;
      const candidate = `${id.slice(0, MAX_ID_LENGTH - suffix.length)}${suffix}`;
      if (!this.isTaken(candidate)) return candidate;
    }
  }
}

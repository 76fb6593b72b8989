import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import type { CachedResult, ResultCache } from '../engine/types';
import { toJson } from './json';
import type { PendingWrites, WriteQueue } from './write-queue';

interface PendingPut {
  kind: string;
  projectId: string;
  outputs: string;
  outputFingerprints: string;
  at: number;
}

/**
 * Node results by cache key. Puts and last-used times wait in memory for the next batched
 * flush, so neither a hit nor a store costs the engine a commit; pending puts are served from
 * memory until then.
 */
export class CacheStore implements ResultCache, PendingWrites {
  private puts = new Map<string, PendingPut>();
  private touched = new Map<string, number>();
  private readonly select: SqliteStatement<{ outputs: string; output_fingerprints: string }>;
  private readonly upsert: SqliteStatement;
  private readonly touch: SqliteStatement;
  private readonly count: SqliteStatement<{ n: number }>;
  private readonly deleteAll: SqliteStatement;
  private readonly deleteProject: SqliteStatement;

  constructor(
    db: SqliteDatabase,
    private readonly queue: WriteQueue,
  ) {
    this.select = db.prepare('SELECT outputs, output_fingerprints FROM cache WHERE key = ?');
    this.upsert = db.prepare(
      `INSERT INTO cache (key, project_id, kind, outputs, output_fingerprints, created_at, last_used_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET project_id = excluded.project_id, kind = excluded.kind,
         outputs = excluded.outputs, output_fingerprints = excluded.output_fingerprints,
         last_used_at = excluded.last_used_at`,
    );
    this.touch = db.prepare('UPDATE cache SET last_used_at = ? WHERE key = ? AND last_used_at < ?');
    this.count = db.prepare('SELECT count(*) AS n FROM cache');
    this.deleteAll = db.prepare('DELETE FROM cache');
    this.deleteProject = db.prepare('DELETE FROM cache WHERE project_id = ?');
    queue.add(this);
  }

  get(key: string): CachedResult | undefined {
    const pending = this.puts.get(key);
    const row = pending
      ? { outputs: pending.outputs, output_fingerprints: pending.outputFingerprints }
      : this.select.get(key);
    if (!row) return undefined;
    if (!pending) {
      this.touched.set(key, Date.now());
      this.queue.schedule();
    }
    return {
      outputs: JSON.parse(row.outputs) as Record<string, unknown>,
      outputFingerprints: JSON.parse(row.output_fingerprints) as Record<string, string>,
    };
  }

  put(key: string, kind: string, projectId: string, result: CachedResult): void {
    // Serialised now, so later changes to the engine's objects cannot alter what is cached.
    const outputs = toJson(result.outputs);
    const outputFingerprints = toJson(result.outputFingerprints);
    // A result that is not JSON cannot be stored; the node simply runs again next time.
    if (outputs === null || outputFingerprints === null) return;
    this.puts.set(key, { kind, projectId, outputs, outputFingerprints, at: Date.now() });
    this.touched.delete(key);
    this.queue.schedule();
  }

  /** Forgets the results of one project, or all of them. */
  clear(projectId?: string): number {
    this.queue.flushQuietly();
    if (projectId === undefined) return this.deleteAll.run().changes;
    return this.deleteProject.run(projectId).changes;
  }

  /** How many results are stored. */
  size(): number {
    this.queue.flushQuietly();
    return this.count.get()!.n;
  }

  hasPending(): boolean {
    return this.puts.size > 0 || this.touched.size > 0;
  }

  write(): void {
    for (const [key, p] of this.puts) {
      this.upsert.run(key, p.projectId, p.kind, p.outputs, p.outputFingerprints, p.at, p.at);
    }
    for (const [key, at] of this.touched) this.touch.run(at, key, at);
  }

  committed(): void {
    this.puts = new Map();
    this.touched = new Map();
  }

  discard(): number {
    const n = this.puts.size + this.touched.size;
    this.committed();
    return n;
  }
}

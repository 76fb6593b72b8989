import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import type { CachedResult, ResultCache, ResultOwner } from '../engine/types';
import { toJson } from './json';
import { SecretMatcher } from './secret-matcher';
import type { PendingWrites, WriteQueue } from './write-queue';

interface PendingPut {
  key: string;
  kind: string;
  projectId: string;
  /** '' when the owner node is unknown. */
  nodeId: string;
  outputs: string;
  outputFingerprints: string;
  at: number;
}

interface Row {
  project_id: string;
  node_id: string;
  outputs: string;
  output_fingerprints: string;
}

/** One row of the table: a key and its owner. */
function rowId(key: string, projectId: string, nodeId: string): string {
  return `${key}\0${projectId}\0${nodeId}`;
}

/**
 * Node results by cache key and owner (project and node). Puts and last-used times wait in
 * memory for the next batched flush, so neither a hit nor a store costs the engine a commit;
 * pending puts are served from memory until then.
 */
export class CacheStore implements ResultCache, PendingWrites {
  /** By key, then by row. */
  private puts = new Map<string, Map<string, PendingPut>>();
  private touched = new Map<string, { key: string; projectId: string; nodeId: string; at: number }>();
  /** The key each owner put last, until the next flush writes it. */
  private made = new Map<string, string>();
  private readonly selectMade: SqliteStatement<{ key: string }>;
  private readonly select: SqliteStatement<Row>;
  private readonly upsert: SqliteStatement;
  private readonly touch: SqliteStatement;
  private readonly count: SqliteStatement<{ n: number }>;
  private readonly deleteAll: SqliteStatement;
  private readonly deleteProject: SqliteStatement;

  constructor(
    db: SqliteDatabase,
    private readonly queue: WriteQueue,
    /** The secrets' current values: a result that holds one is not kept (see put). */
    private readonly secrets: () => SecretMatcher = () => SecretMatcher.none,
  ) {
    // The owner's own row first, else the one used last.
    this.select = db.prepare(
      `SELECT project_id, node_id, outputs, output_fingerprints FROM cache WHERE key = ?
       ORDER BY (project_id = ? AND node_id = ?) DESC, last_used_at DESC LIMIT 1`,
    );
    this.upsert = db.prepare(
      `INSERT INTO cache (key, project_id, node_id, kind, outputs, output_fingerprints, created_at, last_used_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key, project_id, node_id) DO UPDATE SET kind = excluded.kind,
         outputs = excluded.outputs, output_fingerprints = excluded.output_fingerprints,
         created_at = excluded.created_at, last_used_at = excluded.last_used_at`,
    );
    this.selectMade = db.prepare(
      'SELECT key FROM cache WHERE project_id = ? AND node_id = ? ORDER BY created_at DESC LIMIT 1',
    );
    this.touch = db.prepare(
      'UPDATE cache SET last_used_at = ? WHERE key = ? AND project_id = ? AND node_id = ? AND last_used_at < ?',
    );
    this.count = db.prepare('SELECT count(*) AS n FROM cache');
    this.deleteAll = db.prepare('DELETE FROM cache');
    this.deleteProject = db.prepare('DELETE FROM cache WHERE project_id = ?');
    queue.add(this);
  }

  get(key: string, owner?: ResultOwner): CachedResult | undefined {
    const pending = this.puts.get(key);
    const own = owner && pending?.get(rowId(key, owner.projectId, owner.nodeId));
    if (own) return parse(own.projectId, own.nodeId, own.outputs, own.outputFingerprints);
    const row = this.select.get(key, owner?.projectId ?? null, owner?.nodeId ?? null);
    const rowIsOwn = row !== undefined && owner !== undefined && row.project_id === owner.projectId && row.node_id === owner.nodeId;
    if (pending && !rowIsOwn) {
      let latest: PendingPut | undefined;
      for (const p of pending.values()) latest = p;
      if (latest) return parse(latest.projectId, latest.nodeId, latest.outputs, latest.outputFingerprints);
    }
    if (!row) return undefined;
    const id = rowId(key, row.project_id, row.node_id);
    this.touched.set(id, { key, projectId: row.project_id, nodeId: row.node_id, at: Date.now() });
    this.queue.schedule();
    return parse(row.project_id, row.node_id, row.outputs, row.output_fingerprints);
  }

  put(key: string, kind: string, projectId: string, result: CachedResult): void {
    // Serialised now, so later changes to the engine's objects cannot alter what is cached.
    const outputs = toJson(result.outputs);
    const outputFingerprints = toJson(result.outputFingerprints);
    // A result that is not JSON cannot be stored; the node simply runs again next time.
    if (outputs === null || outputFingerprints === null) return;
    // Secrets never leave their store: a result that holds a value (a command that printed a
    // key) is not cached, so the node runs again next time rather than reuse a redacted copy.
    const matcher = this.secrets();
    if (!matcher.empty && matcher.redactDeep(result.outputs) !== result.outputs) return;
    const owner = result.owner ?? { projectId, nodeId: '' };
    const id = rowId(key, owner.projectId, owner.nodeId);
    let pending = this.puts.get(key);
    if (!pending) this.puts.set(key, (pending = new Map()));
    pending.delete(id);
    pending.set(id, { key, kind, projectId: owner.projectId, nodeId: owner.nodeId, outputs, outputFingerprints, at: Date.now() });
    this.made.set(`${owner.projectId}\0${owner.nodeId}`, key);
    this.touched.delete(id);
    this.queue.schedule();
  }

  lastMade(owner: ResultOwner): string | undefined {
    return this.made.get(`${owner.projectId}\0${owner.nodeId}`) ?? this.selectMade.get(owner.projectId, owner.nodeId)?.key;
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
    for (const pending of this.puts.values()) {
      for (const p of pending.values()) {
        this.upsert.run(p.key, p.projectId, p.nodeId, p.kind, p.outputs, p.outputFingerprints, p.at, p.at);
      }
    }
    for (const t of this.touched.values()) this.touch.run(t.at, t.key, t.projectId, t.nodeId, t.at);
  }

  committed(): void {
    this.puts = new Map();
    this.touched = new Map();
    this.made = new Map();
  }

  discard(): number {
    let n = this.touched.size;
    for (const pending of this.puts.values()) n += pending.size;
    this.committed();
    return n;
  }
}

function parse(projectId: string, nodeId: string, outputs: string, fingerprints: string): CachedResult {
  const result: CachedResult = {
    outputs: JSON.parse(outputs) as Record<string, unknown>,
    outputFingerprints: JSON.parse(fingerprints) as Record<string, string>,
  };
  // Rows from before owners were recorded name no node: their owner is unknown.
  if (nodeId !== '') result.owner = { projectId, nodeId };
  return result;
}

import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import { StoreError } from './errors';

/** Application settings as JSON values by key. Secrets do not belong here. */
export class SettingsStore {
  private readonly select: SqliteStatement<{ value: string }>;
  private readonly selectAll: SqliteStatement<{ key: string; value: string }>;
  private readonly upsert: SqliteStatement;
  private readonly remove: SqliteStatement;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.selectAll = db.prepare('SELECT key, value FROM settings ORDER BY key');
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.remove = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  get<T = unknown>(key: string): T | undefined {
    const row = this.select.get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  /** Stores `value`; `undefined` removes the setting. */
  set(key: string, value: unknown): void {
    if (value === undefined) {
      this.remove.run(key);
      return;
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (err) {
      throw new StoreError(`setting "${key}": ${(err as Error).message}; store plain JSON values only`);
    }
    if (text === undefined) throw new StoreError(`setting "${key}": a ${typeof value} cannot be stored; store plain JSON values only`);
    this.upsert.run(key, text);
  }

  delete(key: string): boolean {
    return this.remove.run(key).changes > 0;
  }

  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const r of this.selectAll.all()) out[r.key] = JSON.parse(r.value);
    return out;
  }
}

import Database from 'better-sqlite3';

/** What a statement returns from `run`. */
export interface SqliteRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement; parameters are positional (`?`). */
export interface SqliteStatement<Row = unknown> {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): Row | undefined;
  all(...params: unknown[]): Row[];
  iterate(...params: unknown[]): IterableIterator<Row>;
}

/**
 * The part of a SQLite connection the store uses. Declared here so that nothing outside this
 * folder depends on better-sqlite3's types.
 */
export interface SqliteDatabase {
  readonly file: string;
  readonly readonly: boolean;
  readonly inTransaction: boolean;
  prepare<Row = unknown>(sql: string): SqliteStatement<Row>;
  exec(sql: string): void;
  /** Wraps `fn` so each call runs in one transaction (nested calls become savepoints). */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  /** Runs a pragma and returns its rows. */
  pragma(source: string): unknown[];
  /** Runs a pragma and returns the first column of its first row. */
  pragmaValue(source: string): unknown;
  close(): void;
}

export interface OpenSqliteOptions {
  /** Opens an existing file without ever writing to it (no journal-mode change either). */
  readonly?: boolean;
}

/** SQLite's extended result code of an error thrown by this adapter (`SQLITE_NOTADB`, …). */
export function sqliteErrorCode(err: unknown): string | undefined {
  return err instanceof Database.SqliteError ? err.code : undefined;
}

/**
 * Opens a SQLite file. A writable connection switches the file to WAL (readers never wait on
 * the writer) with synchronous NORMAL, which in WAL mode loses at most the last transactions on
 * power loss but never corrupts; foreign keys are on and a busy database is waited on for 5 s
 * (another Pipewright process, or the CLI beside the app).
 */
export function openSqlite(file: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  const readonly = options.readonly ?? false;
  const db = new Database(file, { readonly, fileMustExist: readonly });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (!readonly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') {
        throw new Error(`${file}: SQLite could not switch to WAL mode (got "${String(mode)}"); keep the data folder on a local disk`);
      }
      db.pragma('synchronous = NORMAL');
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return wrap(file, db, readonly);
}

function wrap(file: string, db: Database.Database, readonly: boolean): SqliteDatabase {
  return {
    file,
    readonly,
    get inTransaction() {
      return db.inTransaction;
    },
    prepare: <Row>(sql: string) => db.prepare<unknown[], Row>(sql),
    exec: (sql) => {
      db.exec(sql);
    },
    transaction: <A extends unknown[], R>(fn: (...args: A) => R) =>
      db.transaction(fn) as unknown as (...args: A) => R,
    pragma: (source) => db.pragma(source) as unknown[],
    pragmaValue: (source) => db.pragma(source, { simple: true }),
    close: () => {
      db.close();
    },
  };
}

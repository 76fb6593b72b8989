import fs from 'node:fs';
import path from 'node:path';
import { openSqlite, sqliteErrorCode, type SqliteDatabase } from '../adapters/db/sqlite';
import { StoreError, messageOf } from './errors';
import { APPLICATION_ID, MIGRATIONS, type Migration } from './migrations';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenDatabaseOptions {
  /** The schema steps to apply (tests pass a broken list to check that a failure rolls back). */
  migrations?: readonly Migration[];
}

/**
 * Opens the store's database, creating it when absent and upgrading an older schema after
 * copying the file to `<file>.schema-<old>.bak`. A file that is not ours, is damaged, or was
 * made by a newer build is refused before anything is written to it.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): SqliteDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  let found = inspect(file, latest);
  if (found === undefined) {
    createDatabase(file, migrations);
    found = inspect(file, latest);
  }

  let db: SqliteDatabase;
  try {
    db = openSqlite(file);
  } catch (err) {
    throw new StoreError(`cannot open ${file}: ${messageOf(err)}; check that its folder is writable`, {
      cause: err,
    });
  }
  try {
    const current = found ?? 0;
    if (current < latest) {
      const backup = current > 0 ? backUp(db, file, current) : undefined;
      migrate(db, migrations, backup);
    }
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Makes a new database under a temporary name and links it into place only once its schema is
 * written, so `file` never exists empty: an empty file is then always damage (a crash of some
 * other program, a full disk, a sync tool), never a database being made. Another process that
 * got there first wins, and its file is used.
 */
function createDatabase(file: string, migrations: readonly Migration[]): void {
  const tmp = `${file}.new-${process.pid}-${Date.now()}`;
  const cleanUp = () => {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) fs.rmSync(f, { force: true });
  };
  try {
    createPrivateFile(tmp);
    let db: SqliteDatabase;
    try {
      db = openSqlite(tmp);
    } catch (err) {
      throw new StoreError(`cannot create ${file}: ${messageOf(err)}; check that its folder is writable`, { cause: err });
    }
    try {
      migrate(db, migrations, undefined);
    } finally {
      db.close();
    }
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`cannot create ${file}: ${messageOf(err)}`, { cause: err });
      }
    }
  } finally {
    cleanUp();
  }
}

/** The schema version of an existing file, undefined when there is none. */
function inspect(file: string, latest: number): number | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StoreError(`cannot read ${file}: ${messageOf(err)}`, { cause: err });
  }
  if (!stat.isFile()) {
    throw new StoreError(`${file} is not a file: move it aside, or point PIPEWRIGHT_HOME elsewhere`);
  }
  if (stat.size === 0) {
    throw new StoreError(
      `${file} is empty (0 bytes), so its data is gone: it was left unchanged; restore it from a backup (or a ${path.basename(file)}.schema-*.bak copy), or move it aside to start with a new one`,
    );
  }
  if (!hasSqliteHeader(file)) throw notOurs(file);

  let db: SqliteDatabase | undefined;
  try {
    db = openSqlite(file, { readonly: true });
    const version = Number(db.pragmaValue('user_version'));
    const appId = Number(db.pragmaValue('application_id'));
    const tables = db
      .prepare<{ n: number }>(
        "SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      )
      .get()!.n;
    const blank = appId === 0 && version === 0 && tables === 0;
    if (appId !== APPLICATION_ID && !blank) throw notOurs(file);
    if (version > latest) {
      throw new StoreError(
        `${file} was made by a newer Pipewright (schema ${version}, this build knows ${latest}): update Pipewright, or point PIPEWRIGHT_HOME elsewhere`,
      );
    }
    const problems = db.pragma('quick_check') as { quick_check: string }[];
    if (problems.length !== 1 || problems[0].quick_check !== 'ok') {
      throw damaged(file, problems[0]?.quick_check ?? 'integrity check failed');
    }
    return version;
  } catch (err) {
    if (err instanceof StoreError) throw err;
    const code = sqliteErrorCode(err) ?? '';
    if (code === 'SQLITE_NOTADB') throw notOurs(file);
    if (code.startsWith('SQLITE_CORRUPT')) throw damaged(file, messageOf(err));
    throw new StoreError(`cannot read ${file}: ${messageOf(err)}`, { cause: err });
  } finally {
    db?.close();
  }
}

function hasSqliteHeader(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return n === head.length && head.equals(SQLITE_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

function notOurs(file: string): StoreError {
  return new StoreError(
    `${file} is not a Pipewright database: it was left unchanged; move it aside, or point PIPEWRIGHT_HOME elsewhere`,
  );
}

function damaged(file: string, detail: string): StoreError {
  // quick_check starts with a "*** in database main ***" banner; the first finding says more.
  const first = detail.split('\n').find((l) => l.trim() && !l.startsWith('***')) ?? detail;
  return new StoreError(
    `${file} is damaged (${first}): it was left unchanged; move it aside (or restore a ${path.basename(file)}.schema-*.bak copy) and start again`,
  );
}

/** The database may hold encrypted secrets: keep it readable by its owner only. */
function createPrivateFile(file: string): void {
  try {
    fs.writeFileSync(file, '', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new StoreError(`cannot create ${file}: the folder ${path.dirname(file)} does not exist`);
    }
    throw new StoreError(`cannot create ${file}: ${messageOf(err)}`, { cause: err });
  }
}

function backUp(db: SqliteDatabase, file: string, version: number): string {
  const dest = `${file}.schema-${version}.bak`;
  // VACUUM INTO refuses an existing file; a temporary name also keeps a half-written copy from
  // ever being mistaken for a good one.
  const tmp = `${dest}.tmp-${process.pid}`;
  try {
    fs.rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    fs.chmodSync(tmp, fs.statSync(file).mode & 0o777);
    fs.renameSync(tmp, dest);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new StoreError(
      `could not copy ${file} to ${dest} before upgrading its schema (${messageOf(err)}): it was left unchanged; free some disk space and start again`,
      { cause: err },
    );
  }
  return dest;
}

function migrate(db: SqliteDatabase, migrations: readonly Migration[], backup: string | undefined): void {
  for (const step of migrations) {
    // IMMEDIATE takes the write lock before reading the version, so two processes opening the
    // same old file cannot both apply a step.
    db.exec('BEGIN IMMEDIATE');
    let current = 0;
    try {
      current = Number(db.pragmaValue('user_version'));
      if (current >= step.version) {
        db.exec('COMMIT');
        continue;
      }
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      const copy = backup ? `; a copy made before the upgrade is in ${backup}` : '';
      throw new StoreError(
        `${db.file}: upgrading to schema ${step.version} (${step.description}) failed: ${messageOf(err)}; it was left at schema ${current}${copy}`,
        { cause: err },
      );
    }
  }
}

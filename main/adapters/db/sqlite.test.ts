import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, sqliteErrorCode } from './sqlite';

const dirs: string[] = [];
function tempFile(name = 'test.db'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipewright-sqlite-'));
  dirs.push(dir);
  return path.join(dir, name);
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('openSqlite', () => {
  it('opens a writable file in WAL mode with foreign keys, synchronous NORMAL and a busy timeout', () => {
    const file = tempFile();
    const db = openSqlite(file);
    expect(db.pragmaValue('journal_mode')).toBe('wal');
    expect(db.pragmaValue('foreign_keys')).toBe(1);
    expect(db.pragmaValue('synchronous')).toBe(1); // NORMAL
    expect(db.pragmaValue('busy_timeout')).toBe(5000);
    db.exec('CREATE TABLE t (x INTEGER)');
    db.close();
    // WAL is recorded in the file header (bytes 18 and 19 are 2), so other tools see it too.
    const header = fs.readFileSync(file).subarray(18, 20);
    expect([...header]).toEqual([2, 2]);
  });

  it('rolls a transaction back when its function throws', () => {
    const db = openSqlite(tempFile());
    db.exec('CREATE TABLE t (x INTEGER)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const both = db.transaction((a: number, b: number) => {
      insert.run(a);
      if (b < 0) throw new Error('negative');
      insert.run(b);
    });
    both(1, 2);
    expect(() => both(3, -1)).toThrow('negative');
    expect(db.prepare<{ x: number }>('SELECT x FROM t ORDER BY x').all().map((r) => r.x)).toEqual([1, 2]);
    db.close();
  });

  it('enforces foreign keys', () => {
    const db = openSqlite(tempFile());
    db.exec('CREATE TABLE a (id TEXT PRIMARY KEY); CREATE TABLE b (a_id TEXT REFERENCES a(id))');
    let code: string | undefined;
    try {
      db.prepare('INSERT INTO b VALUES (?)').run('missing');
    } catch (err) {
      code = sqliteErrorCode(err);
    }
    expect(code).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    db.close();
  });

  it('read-only: never creates a missing file and refuses writes', () => {
    const file = tempFile();
    expect(() => openSqlite(file, { readonly: true })).toThrow();
    expect(fs.existsSync(file)).toBe(false);

    const rw = openSqlite(file);
    rw.exec('CREATE TABLE t (x INTEGER)');
    rw.close();
    const before = fs.readFileSync(file);
    const ro = openSqlite(file, { readonly: true });
    expect(ro.readonly).toBe(true);
    expect(() => ro.exec('INSERT INTO t VALUES (1)')).toThrow(/readonly/);
    ro.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../adapters/db/sqlite';
import { openDatabase } from './database';
import { APPLICATION_ID, LATEST_SCHEMA, MIGRATIONS } from './migrations';
import { DATABASE_FILE, Store, StoreError, defaultHome } from './index';
import { sampleDoc, tempDir } from './store.test-support';

function schemaOf(file: string): number {
  const db = openSqlite(file, { readonly: true });
  try {
    return Number(db.pragmaValue('user_version'));
  } finally {
    db.close();
  }
}

/** A store file holding one project, closed again. */
function storeWithData(dir: string): string {
  const file = path.join(dir, DATABASE_FILE);
  const store = Store.openFile(file);
  store.pipelines.save(sampleDoc('site', 'Site'));
  for (let i = 0; i < 300; i++) store.settings.set(`key-${i}`, { padding: 'x'.repeat(200), i });
  store.close();
  return file;
}

function expectRefused(file: string, pattern: RegExp): void {
  const before = fs.readFileSync(file);
  let error: unknown;
  try {
    Store.openFile(file).close();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(StoreError);
  expect((error as Error).message).toMatch(pattern);
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).not.toContain('\n');
  expect(fs.readFileSync(file).equals(before)).toBe(true);
}

describe('opening the store', () => {
  const savedHome = process.env.PIPEWRIGHT_HOME;
  afterEach(() => {
    if (savedHome === undefined) delete process.env.PIPEWRIGHT_HOME;
    else process.env.PIPEWRIGHT_HOME = savedHome;
  });

  it('creates a private data folder and database at the latest schema, in WAL mode', () => {
    const home = path.join(tempDir(), 'nested', 'home');
    const store = Store.open(home);
    store.close();
    const file = path.join(home, DATABASE_FILE);
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const db = openSqlite(file, { readonly: true });
    expect(db.pragmaValue('journal_mode')).toBe('wal');
    expect(Number(db.pragmaValue('user_version'))).toBe(LATEST_SCHEMA);
    expect(Number(db.pragmaValue('application_id'))).toBe(APPLICATION_ID);
    db.close();
    expect(LATEST_SCHEMA).toBeGreaterThanOrEqual(2);
  });

  it('reopens an up-to-date database with its data and makes no backup', () => {
    const dir = tempDir();
    const file = storeWithData(dir);
    const store = Store.openFile(file);
    expect(store.pipelines.get('site')?.name).toBe('Site');
    store.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });

  it('defaultHome is PIPEWRIGHT_HOME, else ~/.pipewright', () => {
    process.env.PIPEWRIGHT_HOME = '/srv/pw-data';
    expect(defaultHome()).toBe('/srv/pw-data');
    delete process.env.PIPEWRIGHT_HOME;
    expect(defaultHome()).toBe(path.join(os.homedir(), '.pipewright'));
  });

  it('names the folder when the data folder cannot be created', () => {
    const blocker = path.join(tempDir(), 'file');
    fs.writeFileSync(blocker, 'not a folder');
    expect(() => Store.open(path.join(blocker, 'home'))).toThrow(/cannot create the data folder .*file\/home.*PIPEWRIGHT_HOME/);
  });
});

describe('refusing files it must not touch', () => {
  it('refuses a file that is not a database and leaves it unchanged', () => {
    const file = path.join(tempDir(), DATABASE_FILE);
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    expectRefused(file, /is not a Pipewright database: it was left unchanged; move it aside/);
  });

  it('refuses an empty (0-byte) file as damaged, names it and leaves it unchanged', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    fs.writeFileSync(file, '');
    expectRefused(file, /is empty \(0 bytes\), so its data is gone: it was left unchanged; restore it from a backup .*or move it aside/);
    expect(fs.statSync(file).size).toBe(0);
    // Not even a journal beside it.
    expect(fs.readdirSync(dir)).toEqual([DATABASE_FILE]);
  });

  it('still creates a missing file, and leaves no temporary file behind', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    const store = Store.openFile(file);
    store.pipelines.save(sampleDoc('site', 'Site'));
    store.close();
    expect(schemaOf(file)).toBe(LATEST_SCHEMA);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.new-'))).toEqual([]);
    const again = Store.openFile(file);
    expect(again.pipelines.get('site')?.name).toBe('Site');
    again.close();
  });

  it('refuses another program’s SQLite database and leaves it unchanged', () => {
    const file = path.join(tempDir(), DATABASE_FILE);
    const other = openSqlite(file);
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')");
    other.close();
    expectRefused(file, /is not a Pipewright database/);
  });

  it('refuses a damaged database (quick_check fails) and leaves it unchanged', () => {
    const file = storeWithData(tempDir());
    const db = openSqlite(file, { readonly: true });
    const root = db.prepare<{ rootpage: number }>("SELECT rootpage FROM sqlite_schema WHERE name = 'settings'").get()!.rootpage;
    db.close();
    // Overwrite the cell pointers of the settings table's root page, as a bad disk block would.
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const start = (root - 1) * pageSize;
    bytes.fill(0x5a, start + 12, start + 400);
    fs.writeFileSync(file, bytes);
    expectRefused(file, /is damaged \(.+\): it was left unchanged; move it aside/);
  });

  it('refuses a database made by a newer Pipewright and leaves it unchanged', () => {
    const file = storeWithData(tempDir());
    const db = openSqlite(file);
    db.pragma(`user_version = ${LATEST_SCHEMA + 5}`);
    db.close();
    expectRefused(
      file,
      new RegExp(
        `was made by a newer Pipewright \\(schema ${LATEST_SCHEMA + 5}, this build knows ${LATEST_SCHEMA}\\): update Pipewright, or point PIPEWRIGHT_HOME elsewhere`,
      ),
    );
  });
});

describe('upgrading an older schema', () => {
  /** A database as the first release left it: schema 1, one project with its pipeline. */
  function schemaOneFile(dir: string): string {
    const file = path.join(dir, DATABASE_FILE);
    const db = openSqlite(file);
    db.exec(MIGRATIONS[0].sql);
    db.pragma('user_version = 1');
    db.prepare('INSERT INTO projects VALUES (?, ?, ?, ?, ?)').run('shop', 'Shop', 'shop', 1000, 2000);
    db.prepare('INSERT INTO pipelines VALUES (?, ?, ?, ?, ?)').run(
      'shop',
      'shop',
      'Shop',
      JSON.stringify(sampleDoc('shop', 'Shop', 3)),
      2000,
    );
    db.prepare("INSERT INTO settings VALUES ('theme', '\"dark\"')").run();
    db.close();
    return file;
  }

  it('copies the file aside, applies the later steps and keeps the data', () => {
    const dir = tempDir();
    const file = schemaOneFile(dir);
    const store = Store.openFile(file);
    expect(store.projects.get('shop')).toMatchObject({ name: 'Shop', mainPipelineId: 'shop', createdAt: 1000 });
    expect(store.pipelines.get('shop')?.nodes).toHaveLength(3);
    expect(store.settings.get('theme')).toBe('dark');
    // Step 2 added LLM accounting.
    store.usage.record({
      projectId: 'shop',
      endpoint: 'https://api.example.test/v1',
      model: 'small',
      promptTokens: 10,
      completionTokens: 5,
      cost: 0.01,
    });
    expect(store.usage.totals({ projectId: 'shop' })).toMatchObject({ calls: 1, promptTokens: 10 });
    store.close();

    expect(schemaOf(file)).toBe(LATEST_SCHEMA);
    const backup = `${file}.schema-1.bak`;
    expect(schemaOf(backup)).toBe(1);
    const old = openSqlite(backup, { readonly: true });
    expect(old.prepare<{ name: string }>('SELECT name FROM projects').all()).toEqual([{ name: 'Shop' }]);
    old.close();
    expect(fs.readdirSync(dir).some((f) => f.includes('.tmp-'))).toBe(false);
  });

  it('rolls a failing step back, leaving the file at its old schema with its data', () => {
    const file = schemaOneFile(tempDir());
    const broken = [
      MIGRATIONS[0],
      { version: 2, description: 'broken step', sql: 'CREATE TABLE extra (x TEXT); INSERT INTO nowhere VALUES (1);' },
    ];
    expect(() => openDatabase(file, { migrations: broken })).toThrow(
      /upgrading to schema 2 \(broken step\) failed: .*no such table: nowhere.*left at schema 1.*schema-1\.bak/,
    );
    expect(schemaOf(file)).toBe(1);
    const db = openSqlite(file, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'extra'").all()).toEqual([]);
    expect(db.prepare('SELECT id FROM projects').all()).toEqual([{ id: 'shop' }]);
    db.close();
    // The real steps still apply afterwards.
    Store.openFile(file).close();
    expect(schemaOf(file)).toBe(LATEST_SCHEMA);
  });
});

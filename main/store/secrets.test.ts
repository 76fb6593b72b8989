import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../adapters/db/sqlite';
import { Store } from './index';
import { SECRET_KEY_FILE } from './secret-key-file';
import { tempDir } from './store.test-support';

const VALUE = 'sk-live-4f6a9c2e-very-secret-value';

/** Every byte the store keeps on disk: the database, its WAL and anything else in the folder. */
function diskBytes(home: string): Buffer {
  return Buffer.concat(
    fs.readdirSync(home).flatMap((f) => (fs.statSync(path.join(home, f)).isFile() ? [fs.readFileSync(path.join(home, f))] : [])),
  );
}

describe('store.secrets', () => {
  it('keeps values encrypted at rest and gives them back by name', () => {
    const home = path.join(tempDir(), 'home');
    const store = Store.open(home);
    store.secrets.set('OPENAI_API_KEY', VALUE);
    store.secrets.set('other', 'second value');
    expect(store.secrets.get('OPENAI_API_KEY')).toBe(VALUE);
    expect(store.secrets.has('OPENAI_API_KEY')).toBe(true);
    expect(store.secrets.get('missing')).toBeUndefined();
    expect(store.secrets.names()).toEqual(['OPENAI_API_KEY', 'other']);
    expect(store.secrets.list().map((s) => Object.keys(s))).toEqual([['name', 'updatedAt'], ['name', 'updatedAt']]);
    store.close();

    const bytes = diskBytes(home);
    expect(bytes.includes(Buffer.from(VALUE))).toBe(false);
    expect(bytes.includes(Buffer.from('second value'))).toBe(false);

    // A fresh process reads them back with the key file.
    const again = Store.open(home);
    expect(again.secrets.get('OPENAI_API_KEY')).toBe(VALUE);
    expect(again.secrets.delete('OPENAI_API_KEY')).toBe(true);
    expect(again.secrets.delete('OPENAI_API_KEY')).toBe(false);
    expect(again.secrets.list().map((s) => s.name)).toEqual(['other']);
    again.close();
  });

  it('makes the key file on first use, readable by its owner only', () => {
    const home = path.join(tempDir(), 'home');
    const store = Store.open(home);
    expect(fs.existsSync(path.join(home, SECRET_KEY_FILE))).toBe(false);
    store.secrets.set('A', 'x');
    expect(fs.statSync(path.join(home, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    store.close();
  });

  it('refuses a key file others can read, saying how to fix it', () => {
    const home = path.join(tempDir(), 'home');
    const store = Store.open(home);
    store.secrets.set('A', 'x');
    store.close();
    fs.chmodSync(path.join(home, SECRET_KEY_FILE), 0o644);
    const reopened = Store.open(home);
    expect(() => reopened.secrets.get('A')).toThrow(/can be read by other users \(mode 644\): run chmod 600 on it/);
    reopened.close();
  });

  it('says a secret cannot be decrypted when the key changed, without showing anything of it', () => {
    const home = path.join(tempDir(), 'home');
    const store = Store.open(home);
    store.secrets.set('TOKEN', VALUE);
    store.close();
    fs.rmSync(path.join(home, SECRET_KEY_FILE));
    const reopened = Store.open(home);
    let message = '';
    try {
      reopened.secrets.get('TOKEN');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^secret "TOKEN" cannot be decrypted with the key in .*secret\.key .*: set it again$/);
    reopened.close();
  });

  it('binds each value to its name, so a row copied under another name does not decrypt', () => {
    const home = path.join(tempDir(), 'home');
    const store = Store.open(home);
    store.secrets.set('REAL', VALUE);
    store.close();
    // Copy the row with SQLite itself, as someone with the file could.
    const raw = openSqlite(path.join(home, 'pipewright.db'));
    raw.exec("INSERT INTO secrets (name, nonce, ciphertext, tag, updated_at) SELECT 'FAKE', nonce, ciphertext, tag, updated_at FROM secrets WHERE name = 'REAL'");
    raw.close();
    const reopened = Store.open(home);
    expect(() => reopened.secrets.get('FAKE')).toThrow(/secret "FAKE" cannot be decrypted/);
    expect(reopened.secrets.get('REAL')).toBe(VALUE);
    reopened.close();
  });

  it('refuses names that are not words and empty values', () => {
    const home = path.join(tempDir(), 'home');
    const store = Store.open(home);
    expect(() => store.secrets.set('has space', 'x')).toThrow('"has space" is not a valid secret name: use letters, digits, _ . and -');
    expect(() => store.secrets.set('KEY', '')).toThrow('secret "KEY": the value is empty');
    store.close();
  });

  it('takes its key from the provider the host gives (the desktop app keeps it in the OS keychain)', () => {
    const home = path.join(tempDir(), 'home');
    let asked = 0;
    const key = Buffer.alloc(32, 7);
    const store = Store.open(home, { secretKey: { describe: 'a test provider', key: () => (asked++, key) } });
    store.secrets.set('A', 'value');
    expect(store.secrets.get('A')).toBe('value');
    expect(asked).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(home, SECRET_KEY_FILE))).toBe(false);
    store.close();
  });
});

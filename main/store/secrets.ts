import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../../nodes/sdk';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import { StoreError, messageOf } from './errors';
import type { KeyProvider } from './secret-key-file';
import { SecretMatcher } from './secret-matcher';

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
/** How long a matcher is trusted before the table is asked whether another process changed it. */
const MATCHER_RECHECK_MS = 250;

export interface SecretInfo {
  name: string;
  updatedAt: number;
}

/** Why `name` cannot name a secret, or undefined when it can. */
export function secretNameProblem(name: string): string | undefined {
  if (SECRET_NAME_PATTERN.test(name)) return undefined;
  return `"${name}" is not a valid secret name: use ${SECRET_NAME_RULE}`;
}

/**
 * Secret values by name, encrypted at rest with AES-256-GCM. The name is bound to the
 * ciphertext as associated data, so a row copied under another name does not decrypt. Values
 * leave this class only through `get`, which main calls on behalf of a node or an adapter;
 * no message built here ever contains one.
 */
export class SecretStore {
  private readonly upsert: SqliteStatement;
  private readonly select: SqliteStatement<{ nonce: Buffer; ciphertext: Buffer; tag: Buffer }>;
  private readonly exists: SqliteStatement<{ n: number }>;
  private readonly remove: SqliteStatement;
  private readonly selectNames: SqliteStatement<{ name: string; updated_at: number }>;
  private readonly selectVersion: SqliteStatement<{ version: string }>;
  private current: { matcher: SecretMatcher; version: string; checkedAt: number } | undefined;

  constructor(
    db: SqliteDatabase,
    private readonly keys: KeyProvider,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO secrets (name, nonce, ciphertext, tag, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext,
         tag = excluded.tag, updated_at = excluded.updated_at`,
    );
    this.select = db.prepare('SELECT nonce, ciphertext, tag FROM secrets WHERE name = ?');
    this.exists = db.prepare('SELECT count(*) AS n FROM secrets WHERE name = ?');
    this.remove = db.prepare('DELETE FROM secrets WHERE name = ?');
    this.selectNames = db.prepare('SELECT name, updated_at FROM secrets ORDER BY name');
    this.selectVersion = db.prepare("SELECT count(*) || ':' || coalesce(max(updated_at), 0) AS version FROM secrets");
  }

  set(name: string, value: string): void {
    const problem = secretNameProblem(name);
    if (problem) throw new StoreError(problem);
    if (value === '') throw new StoreError(`secret "${name}": the value is empty; give a value, or remove it with secret rm`);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key(), nonce);
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    this.upsert.run(name, nonce, ciphertext, cipher.getAuthTag(), Date.now());
    this.current = undefined;
  }

  /** The value, or undefined when no secret has that name. */
  get(name: string): string | undefined {
    const row = this.select.get(name);
    if (!row) return undefined;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key(), row.nonce);
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(row.tag);
      return Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError(
        `secret "${name}" cannot be decrypted with the key in ${this.keys.describe} (was the key replaced, or the database copied from another machine?): set it again`,
      );
    }
  }

  has(name: string): boolean {
    return this.exists.get(name)!.n > 0;
  }

  /** Names and when each was last set; never values. */
  list(): SecretInfo[] {
    return this.selectNames.all().map((r) => ({ name: r.name, updatedAt: r.updated_at }));
  }

  names(): string[] {
    return this.list().map((s) => s.name);
  }

  delete(name: string): boolean {
    const removed = this.remove.run(name).changes > 0;
    if (removed) this.current = undefined;
    return removed;
  }

  /**
   * What redaction needs: one matcher for every value in the store, rebuilt only when the
   * secrets change (here, or in another process sharing the database). A value that cannot be
   * decrypted here cannot be leaked from here either, so it is left out rather than failing.
   */
  matcher(now = Date.now()): SecretMatcher {
    const c = this.current;
    if (c && now - c.checkedAt < MATCHER_RECHECK_MS) return c.matcher;
    const version = this.selectVersion.get()!.version;
    if (c && c.version === version) {
      c.checkedAt = now;
      return c.matcher;
    }
    const values: [string, string][] = [];
    for (const name of this.names()) {
      try {
        const value = this.get(name);
        if (value !== undefined) values.push([name, value]);
      } catch {
        // Undecryptable (key replaced): see above.
      }
    }
    const matcher = new SecretMatcher(values);
    this.current = { matcher, version, checkedAt: now };
    return matcher;
  }

  private key(): Buffer {
    try {
      return this.keys.key();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError(`cannot load the secret key (${this.keys.describe}): ${messageOf(err)}`, { cause: err });
    }
  }
}

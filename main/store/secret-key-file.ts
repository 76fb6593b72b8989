import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StoreError, messageOf } from './errors';

/** The 32-byte key secrets are encrypted with; asked for only when a secret is read or written. */
export interface KeyProvider {
  key(): Buffer;
  /** Where the key is kept, for messages (never the key itself). */
  readonly describe: string;
}

export const SECRET_KEY_FILE = 'secret.key';
export const SECRET_KEY_BYTES = 32;

/**
 * The key in a file of the data folder, readable by its owner only: the CLI and the server
 * use it (the desktop app protects its key with the OS keychain instead). Made on first use.
 */
export function fileKeyProvider(dir: string): KeyProvider {
  const file = path.join(dir, SECRET_KEY_FILE);
  let cached: Buffer | undefined;
  return {
    describe: file,
    key() {
      cached ??= readOrCreate(file);
      return cached;
    },
  };
}

function readOrCreate(file: string): Buffer {
  if (!fs.existsSync(file)) {
    // Written whole beside it, then linked into place: link fails when the file exists, so two
    // processes starting at once keep one key, and neither can read a half-written one.
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      fs.writeFileSync(temp, randomBytes(SECRET_KEY_BYTES).toString('base64'), { flag: 'wx', mode: 0o600 });
      fs.linkSync(temp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreError(`cannot create the secret key file ${file}: ${messageOf(err)}; check that the data folder is writable`, {
          cause: err,
        });
      }
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }
  const info = fs.statSync(file);
  // Windows has no such mode bits; its ACLs follow the user's profile folder.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new StoreError(
      `the secret key file ${file} can be read by other users (mode ${(info.mode & 0o777).toString(8)}): run chmod 600 on it`,
    );
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== SECRET_KEY_BYTES) {
    throw new StoreError(
      `the secret key file ${file} is damaged (expected ${SECRET_KEY_BYTES} bytes in base64): restore it, or remove it and set every secret again`,
    );
  }
  return key;
}

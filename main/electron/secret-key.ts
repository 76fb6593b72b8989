import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileKeyProvider, SECRET_KEY_BYTES, type KeyProvider } from '../store';

/** The part of Electron's safeStorage the key provider uses (main.ts passes `safeStorage` itself). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means no keyring, so "encrypted" would only be obfuscated. */
  getSelectedStorageBackend?(): string;
}

export const PROTECTED_KEY_FILE = 'secret.key.protected';

/**
 * The secrets key for the desktop app, protected by the OS keychain through safeStorage
 * (Keychain on macOS, DPAPI on Windows, the Secret Service or KWallet on Linux) and kept in
 * `<dir>/secret.key.protected`. Where no keychain is usable (a Linux desktop without a keyring)
 * it falls back to the 0600 key file the CLI uses, rather than to a key anyone could decode.
 * Ask for the key only after the app is ready: safeStorage needs it. Electron is passed in, not
 * imported, so this runs (and is tested) in plain Node.
 */
export function safeStorageKeyProvider(dir: string, storage: SafeStorageLike): KeyProvider {
  const file = path.join(dir, PROTECTED_KEY_FILE);
  const fallback = fileKeyProvider(dir);
  let cached: Buffer | undefined;
  const usable = () => storage.isEncryptionAvailable() && storage.getSelectedStorageBackend?.() !== 'basic_text';
  return {
    get describe() {
      return usable() ? `${file} (protected by the OS keychain)` : fallback.describe;
    },
    key() {
      if (cached) return cached;
      if (!usable()) return (cached = fallback.key());
      if (!fs.existsSync(file)) {
        const key = randomBytes(SECRET_KEY_BYTES);
        fs.writeFileSync(file, storage.encryptString(key.toString('base64')), { mode: 0o600 });
        return (cached = key);
      }
      const key = Buffer.from(storage.decryptString(fs.readFileSync(file)), 'base64');
      if (key.length !== SECRET_KEY_BYTES) throw new Error(`${file} does not hold a secrets key; remove it and set every secret again`);
      return (cached = key);
    },
  };
}

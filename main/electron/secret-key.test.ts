import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE, Store } from '../store';
import { tempDir } from '../store/store.test-support';
import { PROTECTED_KEY_FILE, safeStorageKeyProvider, type SafeStorageLike } from './secret-key';

/**
 * A stand-in for Electron's safeStorage, which needs a running Electron (not available where
 * tests run): real AES-256-GCM under a key that plays the OS keychain's part.
 */
function standInKeychain(backend = 'gnome_libsecret'): SafeStorageLike {
  const osKey = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', osKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(data) {
      const d = createDecipheriv('aes-256-gcm', osKey, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('the desktop app secrets key', () => {
  it('is kept encrypted by the OS keychain, and opens the same secrets next time', () => {
    const home = path.join(tempDir(), 'userData');
    const keychain = standInKeychain();
    const store = Store.open(home, { secretKey: safeStorageKeyProvider(home, keychain) });
    store.secrets.set('OPENAI_API_KEY', 'sk-desktop');
    store.close();

    const stored = fs.readFileSync(path.join(home, PROTECTED_KEY_FILE));
    expect(stored.length).toBeGreaterThan(32);
    expect(fs.existsSync(path.join(home, SECRET_KEY_FILE))).toBe(false);

    const again = Store.open(home, { secretKey: safeStorageKeyProvider(home, keychain) });
    expect(again.secrets.get('OPENAI_API_KEY')).toBe('sk-desktop');
    again.close();
  });

  it('falls back to the owner-only key file where the keychain would only obfuscate', () => {
    const home = path.join(tempDir(), 'userData');
    const provider = safeStorageKeyProvider(home, standInKeychain('basic_text'));
    const store = Store.open(home, { secretKey: provider });
    store.secrets.set('A', 'x');
    store.close();
    expect(provider.describe).toBe(path.join(home, SECRET_KEY_FILE));
    expect(fs.statSync(path.join(home, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(home, PROTECTED_KEY_FILE))).toBe(false);
  });
});

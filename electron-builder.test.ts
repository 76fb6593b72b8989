import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

/*
 * The packaged app cannot be built here (Electron's binary cannot be downloaded), so the
 * packaging configuration is checked as electron-builder itself reads and validates it.
 */

const ROOT = __dirname;

describe('packaging configuration (electron-builder.yml)', () => {
  it('flips the fuses that close the packaged binary to code other than its own, and packs an asar', async () => {
    const config = await getConfig(ROOT, null, null);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // asar is on unless turned off; with it off the app would not start once onlyLoadAppFromAsar is set.
    expect(config.asar ?? true).not.toBe(false);
  });

  it('is a configuration electron-builder accepts, and it refuses a misspelt fuse', async () => {
    const config = await getConfig(ROOT, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The same check would catch a fuse name electron-builder does not know (and would ignore).
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNodes: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });
});

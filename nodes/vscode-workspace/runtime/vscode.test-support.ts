import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { findCodeServer, INSTALL_HINT, type CodeServerInstall } from './local-install';

/*
 * What the vscode-workspace tests share: the real code-server and Chromium they need (required
 * in CI, skipped loudly elsewhere) and a stand-in extension packed as a .vsix.
 */

export const CHROMIUM = process.env.PIPEWRIGHT_CHROMIUM ?? '/usr/bin/chromium';

const inCi = () => process.env.CI === 'true' || process.env.CI === '1';

/**
 * The tools a test file needs, or undefined after a loud warning when one is missing outside
 * CI. In CI a missing tool fails the file: these tests must run there.
 */
export function toolsForTests(needs: { chromium: boolean }): { codeServer: CodeServerInstall } | undefined {
  const codeServer = findCodeServer();
  const missing: string[] = [];
  if (!codeServer) missing.push(`code-server (${INSTALL_HINT})`);
  if (needs.chromium && !existsSync(CHROMIUM)) missing.push(`Chromium at ${CHROMIUM} (apt-get install chromium, or set PIPEWRIGHT_CHROMIUM)`);
  if (!missing.length) return { codeServer: codeServer! };
  const problem = `missing: ${missing.join('; ')}`;
  if (inCi()) throw new Error(`the vscode-workspace tests must run in CI, but ${problem}`);
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! SKIPPING vscode-workspace tests with a real code-server: ${problem}\n${bar}\n`);
  return undefined;
}

/** A zip of stored (uncompressed) entries: all a .vsix needs, without a zip tool on the machine. */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // needed
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Writes a stand-in extension (it contributes nothing) as a .vsix at `path`; its id is
 * pipewright-test.<name>. Named after an assistant, it stands in for that assistant's own.
 */
export async function writeStandInVsix(path: string, name: string): Promise<string> {
  const manifest = { name, publisher: 'pipewright-test', version: '0.0.1', displayName: `${name} (stand-in)`, engines: { vscode: '^1.80.0' } };
  await writeFile(path, zip([{ name: 'extension/package.json', data: Buffer.from(JSON.stringify(manifest)) }]));
  return `pipewright-test.${name}`;
}

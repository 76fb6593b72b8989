import { chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UNPRIVILEGED_UID } from '../docker/host-user';
import { commitAll, head } from './git';

const asRoot = process.getuid?.() === 0;
const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) chownTree(join(path, entry.name), uid);
    else chownSync(join(path, entry.name), uid, uid);
  }
}

// Only root can hand a folder to another uid, as Pipewright does when it runs as root (CI runs
// the suite as root). A person's own runs never meet this: their containers run as themselves.
describe.runIf(asRoot)('git in a workspace a sandboxed node was handed (Pipewright running as root)', () => {
  it('commits, then commits again after the sandbox wrote more, where git would call the folder unsafe', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pw-handed-over-'));
    folders.push(folder);
    writeFileSync(join(folder, 'app.js'), 'console.log(1);\n');
    chownTree(folder, UNPRIVILEGED_UID);
    const first = await commitAll(folder, { branch: 'main', message: 'first' });
    expect(first).toMatchObject({ committed: true, initialised: true, changes: ['app.js'] });

    writeFileSync(join(folder, 'test.js'), 'console.log(2);\n');
    chownTree(folder, UNPRIVILEGED_UID);
    const second = await commitAll(folder, { branch: 'main', message: 'second' });
    expect(second).toMatchObject({ committed: true, initialised: false, changes: ['test.js'] });
    expect(await head(folder)).toBe(second.commit);
  });
});

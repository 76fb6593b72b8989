import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshFolder, OutsideWorkspaceError, resolveInside } from './workspace';

let base: string;
let root: string;
let outside: string;

beforeEach(async () => {
  base = realpathSync(await mkdtemp(join(tmpdir(), 'workspace-test-')));
  root = join(base, 'ws');
  outside = join(base, 'outside');
  await mkdir(join(root, 'src'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(outside, 'secret.txt'), 'secret');
  await writeFile(join(root, 'src', 'main.ts'), 'code');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('resolveInside', () => {
  it('resolves existing and not-yet-existing paths inside the workspace', () => {
    expect(resolveInside(root, 'src/main.ts')).toBe(join(root, 'src', 'main.ts'));
    expect(resolveInside(root, 'src/new/file.ts')).toBe(join(root, 'src', 'new', 'file.ts'));
    expect(resolveInside(root, './src/../README.md')).toBe(join(root, 'README.md'));
    expect(resolveInside(root, '')).toBe(root);
  });

  it('refuses to climb out with ..', () => {
    expect(() => resolveInside(root, '../outside/secret.txt')).toThrow(OutsideWorkspaceError);
    expect(() => resolveInside(root, 'src/../../outside')).toThrow(
      'path "src/../../outside" leads outside the workspace with ".."',
    );
    expect(() => resolveInside(root, '..')).toThrow(OutsideWorkspaceError);
  });

  it('refuses absolute paths, even ones that point inside', () => {
    expect(() => resolveInside(root, '/etc/passwd')).toThrow('path "/etc/passwd" is absolute');
    expect(() => resolveInside(root, join(root, 'src'))).toThrow(OutsideWorkspaceError);
  });

  it('refuses a path through a symlink that points outside, dangling or not', async () => {
    await symlink(outside, join(root, 'escape'));
    await symlink(join(outside, 'not-yet'), join(root, 'dangling'));
    expect(() => resolveInside(root, 'escape/secret.txt')).toThrow(
      /goes through a symbolic link to ".*outside\/secret\.txt", outside the workspace/,
    );
    expect(() => resolveInside(root, 'escape')).toThrow(OutsideWorkspaceError);
    expect(() => resolveInside(root, 'escape/new-file')).toThrow(OutsideWorkspaceError);
    expect(() => resolveInside(root, 'dangling')).toThrow(OutsideWorkspaceError);
  });

  it('refuses a relative symlink that climbs out', async () => {
    await symlink('../../outside', join(root, 'src', 'up'));
    expect(() => resolveInside(root, 'src/up/secret.txt')).toThrow(OutsideWorkspaceError);
  });

  it('allows a symlink that stays inside the workspace and returns the real path', async () => {
    await symlink('src', join(root, 'alias'));
    expect(resolveInside(root, 'alias/main.ts')).toBe(join(root, 'src', 'main.ts'));
  });

  it('works when the workspace root itself is reached through a symlink', async () => {
    await symlink(root, join(base, 'ws-link'));
    expect(resolveInside(join(base, 'ws-link'), 'src/main.ts')).toBe(join(root, 'src', 'main.ts'));
  });

  it('names the missing workspace folder', () => {
    expect(() => resolveInside(join(base, 'missing'), 'a.txt')).toThrow(/workspace folder ".*missing" does not exist/);
  });
});

describe('freshFolder', () => {
  it('creates a folder that does not exist, parents included', async () => {
    const target = join(base, 'a', 'b', 'c');
    expect(await freshFolder(target)).toBe(target);
    expect(readdirSync(target)).toEqual([]);
  });

  it('empties a folder that has files and subfolders', async () => {
    expect(await freshFolder(root)).toBe(root);
    expect(readdirSync(root)).toEqual([]);
  });

  it('replaces a symlink in its place instead of emptying the folder it points to', async () => {
    const link = join(base, 'link');
    await symlink(outside, link);
    await freshFolder(link);
    expect(readdirSync(link)).toEqual([]);
    expect(existsSync(join(outside, 'secret.txt'))).toBe(true);
  });

  it('refuses the home folder and relative paths, leaving them as they were', async () => {
    // A stand-in home: were the guard broken, only this temporary folder would be emptied.
    const home = join(base, 'home');
    await mkdir(home);
    await writeFile(join(home, '.profile'), 'keep me');
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      expect(homedir()).toBe(home);
      await expect(freshFolder(home)).rejects.toThrow(`refusing to empty "${home}"`);
    } finally {
      process.env.HOME = saved;
    }
    expect(readdirSync(home)).toEqual(['.profile']);
    await expect(freshFolder('relative/dir')).rejects.toThrow('needs an absolute path');
  });
});

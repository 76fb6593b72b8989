import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentFiles, MAX_READ_BYTES } from './agent-files';

let root: string;
let outside: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'pw-agent-files-')));
  outside = realpathSync(mkdtempSync(join(tmpdir(), 'pw-agent-outside-')));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe("an agent's file tools", () => {
  it('write creates folders, read gives the text back, list shows files but not dependencies or .git', async () => {
    const files = agentFiles(root);
    await files.write('src/lib/util.js', 'export {};\n');
    await files.write('./README.md', '# hi\n');
    mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'dep', 'index.js'), '');
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), '');
    expect(await files.read('src/lib/util.js')).toBe('export {};\n');
    expect(await files.list()).toEqual(['README.md', 'src/lib/util.js']);
    expect(await files.list('src')).toEqual(['src/lib/util.js']);
  });

  it('says what is wrong in words the model can act on', async () => {
    const files = agentFiles(root);
    await expect(files.read('missing.txt')).rejects.toThrow('no such file: "missing.txt"');
    mkdirSync(join(root, 'dir'));
    await expect(files.read('dir')).rejects.toThrow('"dir" is a folder; use list_files to see what it holds');
    writeFileSync(join(root, 'big.bin'), Buffer.alloc(MAX_READ_BYTES + 1));
    await expect(files.read('big.bin')).rejects.toThrow(`"big.bin" is ${MAX_READ_BYTES + 1} bytes, more than the ${MAX_READ_BYTES} a read may return`);
    await expect(files.remove('.')).rejects.toThrow('refusing to delete the whole workspace');
    await expect(files.write('.', 'x')).rejects.toThrow('give a file path, not the workspace folder itself');
  });

  it('never reaches outside the workspace, through .. or a symbolic link', async () => {
    writeFileSync(join(outside, 'victim.txt'), 'keep me');
    symlinkSync(outside, join(root, 'escape'));
    const files = agentFiles(root);
    await expect(files.remove('escape/victim.txt')).rejects.toThrow(/goes through a symbolic link/);
    await expect(files.write('../x.txt', 'x')).rejects.toThrow(/leads outside the workspace/);
    await expect(files.list('escape')).rejects.toThrow(/goes through a symbolic link/);
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('keep me');
    await files.write('gone/a.txt', 'a');
    await files.remove('gone');
    expect(existsSync(join(root, 'gone'))).toBe(false);
  });
});

describe('what the file tools refuse to open', () => {
  it('refuses to read or write a named pipe, at once, instead of waiting for a writer', async () => {
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const files = agentFiles(root);
    const began = Date.now();
    await expect(files.read('pipe')).rejects.toThrow('"pipe" is a named pipe (FIFO), not a regular file; only regular files can be read');
    await expect(files.write('pipe', 'x')).rejects.toThrow('"pipe" is a named pipe (FIFO), not a regular file');
    expect(Date.now() - began).toBeLessThan(1000);
    expect(lstatSync(join(root, 'pipe')).isFIFO()).toBe(true);
  });

  it('refuses to write through a hard link to a file outside the workspace, which keeps its content', async () => {
    writeFileSync(join(outside, 'victim.txt'), 'keep me');
    linkSync(join(outside, 'victim.txt'), join(root, 'innocent.txt'));
    const files = agentFiles(root);
    await expect(files.write('innocent.txt', 'overwritten')).rejects.toThrow(
      '"innocent.txt" has 2 hard links, so it may be a file outside the workspace under another name; delete it first',
    );
    await expect(files.read('innocent.txt')).rejects.toThrow('"innocent.txt" has 2 hard links');
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('keep me');
    // The way out the message gives: deleting removes only the name inside the workspace.
    await files.remove('innocent.txt');
    await files.write('innocent.txt', 'mine');
    expect(await files.read('innocent.txt')).toBe('mine');
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('keep me');
  });

  it('overwrites a regular file whole, shorter content included', async () => {
    const files = agentFiles(root);
    await files.write('a.txt', 'a long first version\n');
    await files.write('a.txt', 'short\n');
    expect(await files.read('a.txt')).toBe('short\n');
  });
});

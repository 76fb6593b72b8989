import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWorkspaceFile, readWorkspaceFileSync, workspaceFileExists, WorkspaceFileError, writeWorkspaceFile } from './workspace-file';

// Real files in a temporary folder: a workspace that generated code has been let loose in
// (links out, a FIFO, a second name of a file elsewhere), and a folder outside it.

let root: string;
let ws: string;
let outside: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pw-wsfile-'));
  ws = join(root, 'workspace');
  outside = join(root, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkspaceFileError);
  return (err as Error).message;
}

describe('files Pipewright writes into a workspace', () => {
  it('writes and reads plain files, making the folders on the way', async () => {
    await writeWorkspaceFile(ws, 'infra/k8s/app.yaml', 'kind: Deployment\n');
    expect(readFileSync(join(ws, 'infra/k8s/app.yaml'), 'utf8')).toBe('kind: Deployment\n');
    await writeWorkspaceFile(ws, 'infra/k8s/app.yaml', 'short\n');
    expect(await readWorkspaceFile(ws, 'infra/k8s/app.yaml')).toBe('short\n');
    expect(readWorkspaceFileSync(ws, 'infra/k8s/app.yaml')).toBe('short\n');
    expect(await readWorkspaceFile(ws, 'nothing')).toBeUndefined();
    expect(readWorkspaceFileSync(ws, 'no/such/file')).toBeUndefined();
  });

  it('never writes through a link, even a dangling one, nor through a linked folder', async () => {
    symlinkSync(join(outside, 'created-by-link'), join(ws, 'Dockerfile'));
    expect(await refusal(writeWorkspaceFile(ws, 'Dockerfile', 'FROM x\n'))).toMatch(/^Dockerfile in the workspace is a symbolic link; Pipewright reads and writes only plain files there.*delete it/);
    expect(existsSync(join(outside, 'created-by-link'))).toBe(false);
    expect(await workspaceFileExists(ws, 'Dockerfile')).toBe(true);

    writeFileSync(join(outside, 'profile'), 'mine\n');
    symlinkSync(join(outside, 'profile'), join(ws, '.dockerignore'));
    await refusal(writeWorkspaceFile(ws, '.dockerignore', 'node_modules\n'));
    // Nor read through one leading out: what it points at is not the app's.
    expect(await refusal(readWorkspaceFile(ws, '.dockerignore'))).toBe(
      `.dockerignore in the workspace is a symbolic link to ${join(outside, 'profile')}, outside the workspace: Pipewright reads only the workspace's own files; replace the link with the file itself and run the node again`,
    );
    expect(() => readWorkspaceFileSync(ws, '.dockerignore')).toThrow(/symbolic link to .*, outside the workspace/);
    expect(readFileSync(join(outside, 'profile'), 'utf8')).toBe('mine\n');

    symlinkSync(outside, join(ws, 'infra'));
    expect(await refusal(writeWorkspaceFile(ws, 'infra/terraform/main.tf', 'x'))).toMatch(/^infra in the workspace is a symbolic link/);
    expect(existsSync(join(outside, 'terraform'))).toBe(false);
  });

  it('reads through a link that stays inside the workspace (a Dockerfile linked to docker/Dockerfile), but never writes through it', async () => {
    mkdirSync(join(ws, 'docker'));
    writeFileSync(join(ws, 'docker', 'Dockerfile'), 'FROM mine\n');
    symlinkSync('docker/Dockerfile', join(ws, 'Dockerfile'));
    expect(await readWorkspaceFile(ws, 'Dockerfile')).toBe('FROM mine\n');
    expect(readWorkspaceFileSync(ws, 'Dockerfile')).toBe('FROM mine\n');
    await refusal(writeWorkspaceFile(ws, 'Dockerfile', 'FROM other\n'));
    expect(readFileSync(join(ws, 'docker', 'Dockerfile'), 'utf8')).toBe('FROM mine\n');
  });

  it('never writes through a second name of a file outside (a hard link)', async () => {
    writeFileSync(join(outside, 'keys'), 'original\n');
    linkSync(join(outside, 'keys'), join(ws, 'Dockerfile'));
    expect(await refusal(writeWorkspaceFile(ws, 'Dockerfile', 'FROM x\n'))).toMatch(/a file with 2 hard links/);
    expect(readFileSync(join(outside, 'keys'), 'utf8')).toBe('original\n');
  });

  it('refuses a FIFO and a device at once instead of waiting on them', async () => {
    if (process.platform === 'win32') return;
    execFileSync('mkfifo', [join(ws, 'package.json')]);
    expect(() => readWorkspaceFileSync(ws, 'package.json')).toThrow(/package\.json in the workspace is a named pipe \(FIFO\)/);
    await refusal(readWorkspaceFile(ws, 'package.json'));
    await refusal(writeWorkspaceFile(ws, 'package.json', '{}'));
    // A link to a device leads out of the workspace: /dev/zero would never end.
    symlinkSync('/dev/zero', join(ws, 'go.mod'));
    expect(() => readWorkspaceFileSync(ws, 'go.mod')).toThrow(/go\.mod in the workspace is a symbolic link to \/dev\/zero, outside the workspace/);
  });

  it('reads at most a bounded amount: the head when asked, else a refusal', () => {
    writeFileSync(join(ws, 'big.js'), 'a'.repeat(3000));
    expect(readWorkspaceFileSync(ws, 'big.js', { maxBytes: 10, head: true })).toBe('a'.repeat(10));
    expect(() => readWorkspaceFileSync(ws, 'big.js', { maxBytes: 1024 })).toThrow('big.js in the workspace is 3 KiB, more than the 1 KiB Pipewright reads of it');
    expect(() => readWorkspaceFileSync(ws, '../outside/x')).toThrow(/not a path inside the workspace/);
  });
});

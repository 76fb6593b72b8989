import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerForTests, projectContainers, removeProject, testImage, testProject, testScope } from './docker.test-support';

const docker = await dockerForTests();
const project = testProject('sandbox-test');

describe.skipIf(!docker)('runSandboxed', () => {
  const client = docker!;
  let workspace: string;

  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'pw-sandbox-'));
  });
  afterAll(async () => {
    await removeProject(client, project);
    await rm(workspace, { recursive: true, force: true });
  });

  function sandbox(nodeId = 'agent') {
    const t = testScope(project, nodeId);
    return { ...t, api: client.scoped(t.scope) };
  }

  it('runs the command in the workspace, streams its output and reports its exit code', async () => {
    await writeFile(join(workspace, 'input.txt'), 'from the host\n');
    const { api } = sandbox();
    let output = '';
    const result = await api.runSandboxed({
      image: testImage('sandbox'),
      command: 'pwd; cat input.txt; echo "$GREETING" > made.txt; echo to-stderr >&2; exit 3',
      workspace,
      env: { GREETING: 'written in the sandbox' },
      onData: (c) => (output += c),
    });
    expect(result).toEqual({ exitCode: 3 });
    // Docker copies the two streams separately, so only each stream's own order is certain.
    expect(output.replace('to-stderr\n', '')).toBe('/workspace\nfrom the host\n');
    expect(output).toContain('to-stderr\n');
    expect(await readFile(join(workspace, 'made.txt'), 'utf8')).toBe('written in the sandbox\n');
    expect(await projectContainers(client, project)).toEqual([]);
  });

  it('runs unprivileged: non-root, no capabilities, no-new-privileges, read-only root, no network', async () => {
    const { api } = sandbox();
    let output = '';
    const result = await api.runSandboxed({
      image: testImage('sandbox'),
      command: [
        'echo "uid=$(id -u)"',
        'grep -E "^(CapEff|NoNewPrivs):" /proc/self/status',
        'touch /etc/owned 2>/dev/null && echo root-writable || echo root-read-only',
        'touch /tmp/scratch && echo tmp-writable',
        'ls /sys/class/net | tr "\\n" " "; echo',
        'cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max',
      ].join('; '),
      workspace,
      onData: (c) => (output += c),
    });
    expect(result.exitCode).toBe(0);
    expect(output).not.toContain('uid=0');
    expect(output).toMatch(/uid=\d+/);
    expect(output).toMatch(/CapEff:\s+0000000000000000/);
    expect(output).toMatch(/NoNewPrivs:\s+1/);
    expect(output).toContain('root-read-only');
    expect(output).toContain('tmp-writable');
    expect(output).toMatch(/^lo \n/m);
    expect(output).toMatch(/^512$/m);
  });

  it('has a network only when asked', async () => {
    const { api } = sandbox();
    let output = '';
    await api.runSandboxed({
      image: testImage('sandbox'),
      command: 'ls /sys/class/net | sort | tr "\\n" " "',
      workspace,
      network: true,
      onData: (c) => (output += c),
    });
    expect(output).toContain('eth0');
  });

  it('on abort kills the command, removes the container and rejects with an AbortError', async () => {
    const { api, controller } = sandbox();
    let output = '';
    const started = Date.now();
    const running = api
      .runSandboxed({
        image: testImage('sandbox'),
        command: 'echo ready; sleep 300',
        workspace,
        signal: controller.signal,
        onData: (c) => {
          output += c;
          if (output.includes('ready')) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    const error = await running;
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await projectContainers(client, project)).toEqual([]);
  });

  it('stops a command that runs past timeoutMs and reports exit code 124', async () => {
    const { api } = sandbox();
    const started = Date.now();
    const result = await api.runSandboxed({ image: testImage('sandbox'), command: 'sleep 300', workspace, timeoutMs: 500 });
    expect(result).toEqual({ exitCode: 124, timedOut: true });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await projectContainers(client, project)).toEqual([]);
  });

  it('refuses a workspace that is not a folder, naming it', async () => {
    const { api } = sandbox();
    const missing = join(workspace, 'no-such-folder');
    await expect(api.runSandboxed({ image: testImage('sandbox'), command: 'true', workspace: missing })).rejects.toThrow(
      `sandbox workspace "${missing}" is not a folder`,
    );
    // Refusing creates nothing: the missing folder stays missing, its parent untouched.
    await expect(stat(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await stat(workspace)).isDirectory()).toBe(true);
  });
});

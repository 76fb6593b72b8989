import { describe, expect, it } from 'vitest';
import { DEFAULT_CODE_SERVER_IMAGE } from '../definition';
import { codeServerContainer } from './docker-spec';
import { hashPassword } from './password';

describe('the code-server container the docker runtime asks for', () => {
  const password = { value: 'correct horse battery', secretName: 'vscode-workspace.p.n.password' };
  const spec = codeServerContainer({
    name: 'ide',
    image: DEFAULT_CODE_SERVER_IMAGE,
    hostPort: 8443,
    keep: true,
    startTimeoutMs: 90_000,
    password,
    workspace: '/home/me/project',
    home: '/home/me/.pipewright/workspaces/p/ide-code-server-docker/home',
    extensions: [{ spec: 'Continue.continue' }, { spec: 'tools/my ext.vsix', vsix: '/home/me/project/tools/my ext.vsix' }],
    configHash: 'c0ffee',
  });

  it('publishes code-server on 8080, waits on /healthz, streams its log while it starts, and keeps it when asked', () => {
    expect(spec).toMatchObject({
      name: 'ide',
      image: 'codercom/code-server:4.139.1',
      containerPort: 8080,
      hostPort: 8443,
      healthPath: '/healthz',
      healthTimeoutMs: 90_000,
      streamLogs: true,
      keep: true,
    });
  });

  it('gives code-server only the hash of the password, and the configuration as a hash that replaces the container when it changes', () => {
    expect(spec.env).toEqual({
      HASHED_PASSWORD: hashPassword(password.value),
      HOME: '/home/coder',
      PIPEWRIGHT_EXTENSIONS: 'Continue.continue\n/opt/pipewright/vsix/1-my_ext.vsix',
      PIPEWRIGHT_WORKSPACE_CONFIG: 'c0ffee',
    });
    expect(JSON.stringify(spec)).not.toContain(password.value);
  });

  it('replaces the image’s entrypoint: installs the extensions, then runs code-server in its place with trust off and the workspace opened', () => {
    const [shell, flag, script, argv0] = spec.entrypoint!;
    expect([shell, flag, argv0]).toEqual(['/bin/sh', '-c', 'sh']);
    expect(script).toContain('--install-extension "$ext"');
    expect(script).toContain('Failed Installing Extensions');
    expect(script).toMatch(/exec "\$@"$/);
    expect(spec.command).toEqual([
      'code-server',
      '--config', '/home/coder/.config/code-server/config.yaml',
      '--bind-addr', '0.0.0.0:8080',
      '--auth', 'password',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', '/home/coder/.local/share/code-server',
      '--extensions-dir', '/home/coder/.local/share/code-server/extensions',
      '/home/coder/project',
    ]);
  });

  it('binds code-server’s home and the workspace read-write, each .vsix read-only, and runs as the person running Pipewright', () => {
    expect(spec.mounts).toEqual([
      { source: '/home/me/.pipewright/workspaces/p/ide-code-server-docker/home', target: '/home/coder' },
      { source: '/home/me/project', target: '/home/coder/project' },
      { source: '/home/me/project/tools/my ext.vsix', target: '/opt/pipewright/vsix/1-my_ext.vsix', readOnly: true },
    ]);
    expect(spec.runAsHostUser).toBe(true);
  });

  it('keeps the sandbox defaults, with room for VS Code, on the service network', () => {
    expect(spec.limits).toEqual({ memoryBytes: 4 * 1024 ** 3, pids: 2048 });
    expect(spec.serviceNetwork).toBe(true);
    expect(spec.gpus).toBeUndefined();
    expect(spec.hostIpc).toBeUndefined();
  });
});

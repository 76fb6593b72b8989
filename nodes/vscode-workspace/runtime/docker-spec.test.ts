import { describe, expect, it } from 'vitest';
import { DEFAULT_CODE_SERVER_IMAGE } from '../definition';
import { codeServerContainer, CONTAINER } from './docker-spec';
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
    home: '/home/me/.pipewright/workspaces/p/ide-code-server/home',
    extensions: ['Continue.continue', '/home/coder/.pipewright/continue.vsix'],
  });

  it('publishes code-server on 8080, waits on /healthz, and keeps it when asked', () => {
    expect(spec.service).toMatchObject({
      name: 'ide',
      image: 'codercom/code-server:4.139.1',
      containerPort: 8080,
      hostPort: 8443,
      healthPath: '/healthz',
      healthTimeoutMs: 90_000,
      keep: true,
    });
  });

  it('gives code-server only the hash of the password', () => {
    expect(spec.service.env).toEqual({
      HASHED_PASSWORD: hashPassword(password.value),
      HOME: CONTAINER.home,
      PIPEWRIGHT_EXTENSIONS: 'Continue.continue\n/home/coder/.pipewright/continue.vsix',
    });
    expect(JSON.stringify(spec)).not.toContain(password.value);
  });

  it('installs the extensions, then runs code-server in its place with trust off and the workspace opened', () => {
    const [shell, flag, script, argv0, ...serve] = spec.service.command!;
    expect([shell, flag, argv0]).toEqual(['/bin/sh', '-c', 'sh']);
    expect(script).toContain('--install-extension "$ext"');
    expect(script).toMatch(/exec "\$@"$/);
    expect(serve).toEqual([
      'code-server',
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

  it('binds the workspace and code-server’s home from the host', () => {
    expect(spec.mounts).toEqual([
      { source: '/home/me/project', target: '/home/coder/project' },
      { source: '/home/me/.pipewright/workspaces/p/ide-code-server/home', target: '/home/coder' },
    ]);
  });
});

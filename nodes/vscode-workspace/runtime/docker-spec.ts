import type { ServiceOptions } from '../../sdk';
import type { Password } from './password';
import { hashPassword } from './password';

/** Where the container sees things: the public image's user is coder, its home /home/coder. */
export const CONTAINER = {
  port: 8080,
  home: '/home/coder',
  data: '/home/coder/.local/share/code-server',
  extensions: '/home/coder/.local/share/code-server/extensions',
  workspace: '/home/coder/project',
} as const;

/** A host folder bound into the container. */
export interface Mount {
  source: string;
  target: string;
  readOnly?: boolean;
}

/** What the docker runtime asks of the Docker adapter: a service with the workspace and its home bound in. */
export interface CodeServerContainer {
  service: Omit<ServiceOptions, 'signal'>;
  mounts: Mount[];
}

/**
 * The container that serves VS Code: code-server on 8080 (published on 127.0.0.1), the
 * password only as its hash, the workspace and code-server's home (settings, the assistant's
 * configuration, extensions) bound from the host so edits land in the workspace itself.
 */
export function codeServerContainer(options: {
  name: string;
  image: string;
  hostPort?: number;
  keep: boolean;
  startTimeoutMs: number;
  password: Password;
  workspace: string;
  home: string;
  /** Open VSX ids and .vsix paths (as the container sees them) installed before the server starts. */
  extensions: string[];
}): CodeServerContainer {
  const serve = [
    'code-server',
    '--bind-addr', `0.0.0.0:${CONTAINER.port}`,
    '--auth', 'password',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', CONTAINER.data,
    '--extensions-dir', CONTAINER.extensions,
    CONTAINER.workspace,
  ];
  // Extensions install inside the container, so they match its platform; then the server takes its place.
  const install = [
    'set -e',
    'if [ -n "$PIPEWRIGHT_EXTENSIONS" ]; then',
    '  printf "%s\\n" "$PIPEWRIGHT_EXTENSIONS" | while IFS= read -r ext; do',
    `    code-server --force --user-data-dir ${CONTAINER.data} --extensions-dir ${CONTAINER.extensions} --install-extension "$ext"`,
    '  done',
    'fi',
    'exec "$@"',
  ].join('\n');
  return {
    service: {
      name: options.name,
      image: options.image,
      containerPort: CONTAINER.port,
      hostPort: options.hostPort,
      env: {
        HASHED_PASSWORD: hashPassword(options.password.value),
        HOME: CONTAINER.home,
        PIPEWRIGHT_EXTENSIONS: options.extensions.join('\n'),
      },
      command: ['/bin/sh', '-c', install, 'sh', ...serve],
      healthPath: '/healthz',
      healthTimeoutMs: options.startTimeoutMs,
      keep: options.keep,
    },
    mounts: [
      { source: options.workspace, target: CONTAINER.workspace },
      { source: options.home, target: CONTAINER.home },
    ],
  };
}

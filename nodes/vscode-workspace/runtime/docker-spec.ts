import type { ServiceOptions } from '../../sdk';
import { hashPassword, type Password } from './password';

/** Where the container sees things: the public image's user is coder, its home /home/coder. */
export const CONTAINER = {
  port: 8080,
  home: '/home/coder',
  config: '/home/coder/.config/code-server/config.yaml',
  data: '/home/coder/.local/share/code-server',
  extensions: '/home/coder/.local/share/code-server/extensions',
  workspace: '/home/coder/project',
  /** .vsix files from this machine, bound read-only one by one. */
  vsix: '/opt/pipewright/vsix',
} as const;

/** What the install step prints before it gives up, so the node can name the extension. */
export const INSTALL_FAILED = 'pipewright: installing the extension failed:';

/** VS Code, its extension host, language servers and the person's terminals: more than a web app. */
const LIMITS = { memoryBytes: 4 * 1024 ** 3, pids: 2048 };

/**
 * Installs the extensions inside the container, so they match its platform, then lets the
 * server take its place. Some code-server releases exit 0 after a failed install; their
 * message is looked for too.
 */
const INSTALL_THEN_SERVE = [
  'set -e',
  'if [ -n "$PIPEWRIGHT_EXTENSIONS" ]; then',
  '  printf "%s\\n" "$PIPEWRIGHT_EXTENSIONS" | while IFS= read -r ext; do',
  `    if out=$(code-server --force --user-data-dir ${CONTAINER.data} --extensions-dir ${CONTAINER.extensions} --install-extension "$ext" 2>&1); then ok=1; else ok=0; fi`,
  '    printf "%s\\n" "$out"',
  '    case "$out" in *"Failed Installing Extensions"*|*"Error while installing"*) ok=0 ;; esac',
  `    if [ "$ok" = 0 ]; then echo "${INSTALL_FAILED} $ext"; exit 3; fi`,
  '  done',
  'fi',
  'exec "$@"',
].join('\n');

export interface CodeServerContainerOptions {
  name: string;
  image: string;
  hostPort?: number;
  keep: boolean;
  startTimeoutMs: number;
  password: Password;
  /** The workspace folder on this machine, bound read-write. */
  workspace: string;
  /** code-server's home on this machine (settings, extensions, the assistant's configuration), bound read-write. */
  home: string;
  /** Open VSX ids, and .vsix files on this machine. */
  extensions: { spec: string; vsix?: string }[];
  /** A hash of the node's configuration: a change (another endpoint, key, assistant) replaces the container. */
  configHash: string;
}

/** Where the i-th .vsix shows inside the container. */
export function vsixInContainer(index: number, path: string): string {
  const file = path.split(/[\\/]/).pop()!.replace(/[^A-Za-z0-9_.@-]/g, '_');
  return `${CONTAINER.vsix}/${index}-${file}`;
}

/**
 * The container that serves VS Code: code-server on 8080 (published on 127.0.0.1), the
 * password only as its hash, the workspace and code-server's home bound from this machine so
 * edits land in the workspace itself and settings and extensions outlive the container. It
 * runs as the person running Pipewright, so what VS Code writes is theirs; the image's
 * entrypoint (the public image's switches users and wraps its command) is replaced.
 */
export function codeServerContainer(options: CodeServerContainerOptions): Omit<ServiceOptions, 'signal'> {
  const serve = [
    'code-server',
    '--config', CONTAINER.config,
    '--bind-addr', `0.0.0.0:${CONTAINER.port}`,
    '--auth', 'password',
    '--disable-telemetry',
    '--disable-update-check',
    // Without it the folder opens in Restricted Mode and the assistant stays inactive.
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', CONTAINER.data,
    '--extensions-dir', CONTAINER.extensions,
    CONTAINER.workspace,
  ];
  const extensions = options.extensions.map((e, i) => (e.vsix ? vsixInContainer(i, e.vsix) : e.spec));
  const vsixMounts = options.extensions.flatMap((e, i) => (e.vsix ? [{ source: e.vsix, target: vsixInContainer(i, e.vsix), readOnly: true }] : []));
  return {
    name: options.name,
    image: options.image,
    containerPort: CONTAINER.port,
    hostPort: options.hostPort,
    env: {
      HASHED_PASSWORD: hashPassword(options.password.value),
      HOME: CONTAINER.home,
      PIPEWRIGHT_EXTENSIONS: extensions.join('\n'),
      PIPEWRIGHT_WORKSPACE_CONFIG: options.configHash,
    },
    entrypoint: ['/bin/sh', '-c', INSTALL_THEN_SERVE, 'sh'],
    command: serve,
    runAsHostUser: true,
    mounts: [
      { source: options.home, target: CONTAINER.home },
      { source: options.workspace, target: CONTAINER.workspace },
      ...vsixMounts,
    ],
    limits: LIMITS,
    // Other Pipewright services (a model server the assistant talks to) by name, this machine as host.docker.internal.
    serviceNetwork: true,
    healthPath: '/healthz',
    healthTimeoutMs: options.startTimeoutMs,
    streamLogs: true,
    keep: options.keep,
  };
}

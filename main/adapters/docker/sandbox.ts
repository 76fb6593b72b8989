import { lstat, realpath } from 'node:fs/promises';
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { NodeError, type SandboxOptions, type SandboxResult } from '../../../nodes/sdk';
import { ensureImage } from './images';
import { hardenedHostConfig, SANDBOX_LIMITS } from './hardening';
import { handOver, hostUser } from './host-user';
import { LABEL, ownerLabels, type Owner } from './labels';
import { copyFolderIn, copyFolderOut, REMOTE_VOLUME, REMOTE_WORKSPACE, WORKSPACE_IN_CONTAINER } from './workspace-archive';

/** How long output may trail the exit before it is given up on. */
const OUTPUT_DRAIN_MS = 1000;
const TIMED_OUT_EXIT = 124;

function abortError(signal: AbortSignal): Error {
  const err = new Error('sandboxed command cancelled', { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

function sink(onData: ((chunk: string) => void) | undefined): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      onData?.(chunk.toString('utf8'));
      done();
    },
  });
}

/**
 * See DockerApi.runSandboxed. On a `remote` engine the workspace cannot be bound in: it is
 * copied into a volume of the container before the command and copied back after it.
 */
export async function runSandboxed(docker: Docker, owner: Owner, opts: SandboxOptions, remote = false): Promise<SandboxResult> {
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);
  const info = await lstat(opts.workspace).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new NodeError(`sandbox workspace "${opts.workspace}" is not a folder; create it before running a command in it`);
  }
  const workspace = await realpath(opts.workspace);
  await ensureImage(docker, opts.image, (line) => opts.onData?.(line), signal, 'settings (images.sandbox)');
  // Files the command writes in the workspace are the person's (see hostUser).
  if (!remote) await handOver([workspace]);
  const user = hostUser();
  if (signal?.aborted) throw abortError(signal);

  const container = await docker.createContainer({
    Image: opts.image,
    Cmd: ['/bin/sh', '-c', opts.command],
    WorkingDir: remote ? REMOTE_WORKSPACE : WORKSPACE_IN_CONTAINER,
    // An anonymous volume: the one place a read-only container accepts an archive.
    ...(remote ? { Volumes: { [REMOTE_VOLUME]: {} } } : {}),
    User: user,
    // HOME on the writable tmpfs: tools keep caches there (npm, pip) with a read-only root.
    Env: ['HOME=/tmp', ...Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`)],
    Labels: { ...ownerLabels(owner, 'sandbox'), [LABEL.keep]: 'false' },
    Tty: false,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: {
      ...hardenedHostConfig(SANDBOX_LIMITS),
      ...(remote ? {} : { Binds: [`${workspace}:${WORKSPACE_IN_CONTAINER}`] }),
      NetworkMode: opts.network ? 'bridge' : 'none',
      ReadonlyRootfs: true,
      // exec: `go test` and `go run` build into /tmp and run what they built from there.
      Tmpfs: { '/tmp': 'rw,exec,nosuid,nodev,size=1g,mode=1777' },
    },
  });

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let timedOut = false;
  try {
    if (remote) await copyFolderIn(container, workspace, REMOTE_WORKSPACE, user);
    const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadWriteStream & {
      destroy(): void;
    };
    const drained = new Promise<void>((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    docker.modem.demuxStream(stream, sink(opts.onData), sink(opts.onData));

    const stopped = new Promise<'aborted' | 'timeout'>((resolve) => {
      onAbort = () => resolve('aborted');
      signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.timeoutMs !== undefined) timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
    });
    await container.start();
    const ended = await Promise.race([container.wait() as Promise<{ StatusCode: number }>, stopped]);
    if (ended === 'aborted' || ended === 'timeout') {
      await container.kill().catch(() => undefined);
      if (ended === 'aborted') throw abortError(signal!);
      timedOut = true;
    }
    await Promise.race([drained, new Promise((r) => setTimeout(r, OUTPUT_DRAIN_MS).unref())]);
    stream.destroy();
    // What the command wrote comes back, also after a timeout (a partial result to look at).
    if (remote) await copyFolderOut(container, REMOTE_WORKSPACE, workspace);
    if (timedOut) return { exitCode: TIMED_OUT_EXIT, timedOut: true };
    return { exitCode: (ended as { StatusCode: number }).StatusCode };
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }
}

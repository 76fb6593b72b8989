import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceOptions } from '../../../nodes/sdk';
import { deviceRequests } from './gpu';
import { LABEL } from './labels';
import { serviceConfigHash, serviceCreateOptions } from './service-spec';

const owner = { projectId: 'proj', nodeId: 'model', runId: 'run-1' };
const base: ServiceOptions = { name: 'model', image: 'example/server:1', containerPort: 8000, keep: true };

describe('serviceCreateOptions', () => {
  it('keeps the sandbox defaults and publishes on 127.0.0.1 only', () => {
    const spec = serviceCreateOptions({ owner, opts: base, hash: 'h', hostPort: undefined });
    expect(spec.HostConfig).toEqual({
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Memory: 1024 ** 3,
      MemorySwap: 1024 ** 3,
      NanoCpus: expect.any(Number),
      PidsLimit: 512,
      Init: true,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
      PortBindings: { '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      RestartPolicy: { Name: 'no' },
    });
    expect(spec.Env).toEqual(['PORT=8000']);
    expect(spec.Labels).toMatchObject({ [LABEL.role]: 'service', [LABEL.config]: 'h', [LABEL.keep]: 'true', [LABEL.name]: 'model' });
  });

  it('asks for every NVIDIA GPU as `docker run --gpus all` does, or for the ids given', () => {
    expect(deviceRequests('all')).toEqual([{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }]);
    expect(deviceRequests(['0', '2'])).toEqual([{ Driver: 'nvidia', DeviceIDs: ['0', '2'], Capabilities: [['gpu']] }]);
    const spec = serviceCreateOptions({ owner, opts: { ...base, gpus: ['1'] }, hash: 'h', hostPort: 9000 });
    expect(spec.HostConfig?.DeviceRequests).toEqual([{ Driver: 'nvidia', DeviceIDs: ['1'], Capabilities: [['gpu']] }]);
    expect(spec.HostConfig?.PortBindings).toEqual({ '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '9000' }] });
  });

  it('shares the host IPC namespace, or sizes a private /dev/shm, never both', () => {
    const host = serviceCreateOptions({ owner, opts: { ...base, hostIpc: true, shmBytes: 1024 }, hash: 'h', hostPort: undefined }).HostConfig!;
    expect(host.IpcMode).toBe('host');
    expect(host.ShmSize).toBeUndefined();
    const shm = serviceCreateOptions({ owner, opts: { ...base, shmBytes: 16 * 1024 ** 3 }, hash: 'h', hostPort: undefined }).HostConfig!;
    expect(shm.IpcMode).toBeUndefined();
    expect(shm.ShmSize).toBe(16 * 1024 ** 3);
  });

  it('mounts named volumes (labelled when Docker makes them) and bound files, read-only when asked', () => {
    const opts = { ...base, volumes: [{ name: 'cache', target: '/root/.cache' }], mounts: [{ source: '/tmp/c.yaml', target: '/app/c.yaml', readOnly: true }] };
    expect(serviceCreateOptions({ owner, opts, hash: 'h', hostPort: undefined }).HostConfig?.Mounts).toEqual([
      { Type: 'volume', Source: 'cache', Target: '/root/.cache', VolumeOptions: { Labels: { [LABEL.role]: 'cache', [LABEL.project]: 'proj' } } },
      { Type: 'bind', Source: '/tmp/c.yaml', Target: '/app/c.yaml', ReadOnly: true },
    ]);
  });

  it('lifts the limits a model server asks to lift and keeps the others', () => {
    const host = serviceCreateOptions({ owner, opts: { ...base, limits: { memoryBytes: 0, cpus: 0, pids: 4096 } }, hash: 'h', hostPort: undefined }).HostConfig!;
    expect(host).toMatchObject({ Memory: 0, MemorySwap: 0, NanoCpus: 0, PidsLimit: 4096, CapDrop: ['ALL'] });
    const partial = serviceCreateOptions({ owner, opts: { ...base, limits: { memoryBytes: 2 * 1024 ** 3 } }, hash: 'h', hostPort: undefined }).HostConfig!;
    expect(partial).toMatchObject({ Memory: 2 * 1024 ** 3, PidsLimit: 512 });
  });

  it('replaces the image\'s entrypoint and runs as the person running Pipewright when asked (uid 1000 for root)', () => {
    const opts: ServiceOptions = { ...base, entrypoint: ['/bin/sh', '-c', 'exec "$@"', 'sh'], command: ['serve'], runAsHostUser: true };
    const spec = serviceCreateOptions({ owner, opts, hash: 'h', hostPort: undefined });
    expect(spec.Entrypoint).toEqual(['/bin/sh', '-c', 'exec "$@"', 'sh']);
    expect(spec.Cmd).toEqual(['serve']);
    const uid = process.getuid!();
    expect(spec.User).toBe(uid === 0 ? '1000:1000' : `${uid}:${process.getgid!()}`);
    const plain = serviceCreateOptions({ owner, opts: base, hash: 'h', hostPort: undefined });
    expect(plain.User).toBeUndefined();
    expect(plain.Entrypoint).toBeUndefined();
  });

  it('joins the service network, where this machine is host.docker.internal', () => {
    const host = serviceCreateOptions({ owner, opts: { ...base, serviceNetwork: true }, hash: 'h', hostPort: undefined }).HostConfig!;
    expect(host.NetworkMode).toBe('pipewright-services');
    expect(host.ExtraHosts).toEqual(['host.docker.internal:host-gateway']);
  });
});

describe('serviceConfigHash', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pw-spec-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('changes with a bound file\'s content, not with readiness headers or log settings', async () => {
    const file = join(dir, 'config.yaml');
    await writeFile(file, 'model_list: []\n');
    const opts: ServiceOptions = { ...base, mounts: [{ source: file, target: '/app/config.yaml' }] };
    const first = serviceConfigHash(opts, 'sha256:1');
    expect(serviceConfigHash({ ...opts, ready: { path: '/', headers: { authorization: 'Bearer x' } } }, 'sha256:1')).toBe(first);
    expect(serviceConfigHash({ ...opts, streamLogs: true, redact: [{ name: 'K', value: 'v' }] }, 'sha256:1')).toBe(first);
    expect(serviceConfigHash({ ...opts, ready: { path: '/v1/models' } }, 'sha256:1')).not.toBe(first);
    await writeFile(file, 'model_list: [{model_name: a}]\n');
    expect(serviceConfigHash(opts, 'sha256:1')).not.toBe(first);
  });

  it('changes with the GPU request, IPC, shared memory, volumes, network, entrypoint and user', () => {
    const plain = serviceConfigHash(base, 'sha256:1');
    const variants: Partial<ServiceOptions>[] = [
      { gpus: 'all' },
      { gpus: ['0'] },
      { hostIpc: true },
      { shmBytes: 1024 },
      { volumes: [{ name: 'v', target: '/v' }] },
      { serviceNetwork: true },
      { limits: { memoryBytes: 0 } },
      { entrypoint: ['/bin/sh'] },
      { runAsHostUser: true },
    ];
    const hashes = variants.map((v) => serviceConfigHash({ ...base, ...v }, 'sha256:1'));
    expect(new Set([plain, ...hashes]).size).toBe(variants.length + 1);
  });
});

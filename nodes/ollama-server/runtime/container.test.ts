import { describe, expect, it } from 'vitest';
import { serviceCreateOptions } from '../../../main/adapters/docker/service-spec';
import { ollamaServerDefinition } from '../definition';
import { ollamaContainer } from './container';
import { fullName, pullProgress } from './pull';

const params = (p: Record<string, unknown> = {}) => ollamaServerDefinition.params.parse(p);
const owner = { projectId: 'shop', nodeId: 'ollama', runId: 'run-1' };

describe('the Ollama container', () => {
  it('runs on the CPU by default: no GPU request, models in their volume, the port on 127.0.0.1', () => {
    const spec = ollamaContainer({ name: 'ollama', image: 'ollama/ollama:0.12.6', params: params({ port: 11500 }) });
    expect(spec).toEqual({
      name: 'ollama',
      image: 'ollama/ollama:0.12.6',
      containerPort: 11434,
      hostPort: 11500,
      env: { OLLAMA_HOST: '0.0.0.0:11434' },
      volumes: [{ name: 'pipewright-ollama', target: '/root/.ollama' }],
      limits: { memoryBytes: 0, cpus: 0, pids: 4096 },
      healthPath: '/',
      streamLogs: true,
      serviceNetwork: true,
      keep: true,
    });
    const host = serviceCreateOptions({ owner, opts: spec, hash: 'h', hostPort: spec.hostPort }).HostConfig!;
    expect(host.DeviceRequests).toBeUndefined();
    expect(host.PortBindings).toEqual({ '11434/tcp': [{ HostIp: '127.0.0.1', HostPort: '11500' }] });
    expect(host.Mounts).toEqual([expect.objectContaining({ Type: 'volume', Source: 'pipewright-ollama', Target: '/root/.ollama' })]);
    expect(host).toMatchObject({ CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], Memory: 0, NanoCpus: 0, PidsLimit: 4096 });
  });

  it('asks for NVIDIA GPUs when they are named', () => {
    expect(ollamaContainer({ name: 'o', image: 'i', params: params({ gpus: 'all' }) }).gpus).toBe('all');
    const spec = ollamaContainer({ name: 'o', image: 'i', params: params({ gpus: '1,3', modelVolume: 'models' }) });
    expect(spec.gpus).toEqual(['1', '3']);
    expect(serviceCreateOptions({ owner, opts: spec, hash: 'h', hostPort: undefined }).HostConfig?.DeviceRequests).toEqual([
      { Driver: 'nvidia', DeviceIDs: ['1', '3'], Capabilities: [['gpu']] },
    ]);
  });
});

describe('pulling', () => {
  it("spells names as Ollama does: no tag means :latest", () => {
    expect(fullName('devstral')).toBe('devstral:latest');
    expect(fullName('qwen2.5-coder:7b')).toBe('qwen2.5-coder:7b');
    expect(fullName('hf.co/bartowski/Qwen2.5-Coder-7B-GGUF')).toBe('hf.co/bartowski/Qwen2.5-Coder-7B-GGUF:latest');
  });

  it('logs each status once and each layer at every tenth, not every event', () => {
    const lines: string[] = [];
    const report = pullProgress((l) => lines.push(l.trimEnd()));
    report({ status: 'pulling manifest' });
    report({ status: 'pulling manifest' });
    const digest = 'sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa';
    for (let done = 0; done <= 4_700_000_000; done += 47_000_000) report({ status: 'pulling 6a0746a1ec1a', digest, total: 4_700_000_000, completed: done });
    report({ status: 'verifying sha256 digest' });
    report({ status: 'success' });
    expect(lines).toEqual([
      'pulling manifest',
      ...Array.from({ length: 11 }, (_, i) => `pulling 6a0746a1ec1a: ${i * 10}% of 4.7 GB`),
      'verifying sha256 digest',
      'success',
    ]);
  });

  it('reports the bytes of every layer together, for the bar on the node', () => {
    const seen: { done: number; total: number }[] = [];
    const report = pullProgress(() => undefined, (p) => seen.push(p));
    report({ status: 'pulling manifest' });
    report({ status: 'pulling a', digest: 'sha256:a', total: 300, completed: 0 });
    report({ status: 'pulling b', digest: 'sha256:b', total: 100, completed: 50 });
    report({ status: 'pulling a', digest: 'sha256:a', total: 300, completed: 300 });
    report({ status: 'pulling b', digest: 'sha256:b', total: 100, completed: 100 });
    expect(seen).toEqual([
      { done: 0, total: 300 },
      { done: 50, total: 400 },
      { done: 350, total: 400 },
      { done: 400, total: 400 },
    ]);
  });
});

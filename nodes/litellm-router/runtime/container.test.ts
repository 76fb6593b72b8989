import { describe, expect, it } from 'vitest';
import { serviceCreateOptions } from '../../../main/adapters/docker/service-spec';
import { litellmRouterDefinition } from '../definition';
import { routerContainer } from './container';

const owner = { projectId: 'shop', nodeId: 'router', runId: 'run-1' };

describe('the LiteLLM container', () => {
  it('binds config.yaml read-only, keeps keys in the environment only, and is ready on /health/readiness', () => {
    const params = litellmRouterDefinition.params.parse({ masterKeySecret: 'ROUTER_KEY', port: 4444, keep: false });
    const spec = routerContainer({
      name: 'router',
      image: 'ghcr.io/berriai/litellm:v1.79.0-stable',
      configFile: '/home/me/.pipewright/workspaces/shop/router-litellm/config.yaml',
      params,
      secrets: { masterKey: { name: 'ROUTER_KEY', value: 'sk-master' }, upstream: [{ env: 'PIPEWRIGHT_UPSTREAM_KEY_1', name: 'VLLM_KEY', value: 'vk-1' }] },
    });
    expect(spec).toEqual({
      name: 'router',
      image: 'ghcr.io/berriai/litellm:v1.79.0-stable',
      containerPort: 4000,
      hostPort: 4444,
      command: ['--config', '/app/config.yaml', '--port', '4000'],
      env: { LITELLM_LOCAL_MODEL_COST_MAP: 'True', LITELLM_MASTER_KEY: 'sk-master', PIPEWRIGHT_UPSTREAM_KEY_1: 'vk-1' },
      mounts: [{ source: '/home/me/.pipewright/workspaces/shop/router-litellm/config.yaml', target: '/app/config.yaml', readOnly: true }],
      limits: { memoryBytes: 2 * 1024 ** 3 },
      healthPath: '/health/readiness',
      healthTimeoutMs: 180_000,
      streamLogs: true,
      redact: [
        { name: 'ROUTER_KEY', value: 'sk-master' },
        { name: 'VLLM_KEY', value: 'vk-1' },
      ],
      serviceNetwork: true,
      keep: false,
    });
    const docker = serviceCreateOptions({ owner, opts: spec, hash: 'h', hostPort: 4444 });
    expect(docker.Cmd).toEqual(['--config', '/app/config.yaml', '--port', '4000']);
    expect(docker.HostConfig).toMatchObject({
      PortBindings: { '4000/tcp': [{ HostIp: '127.0.0.1', HostPort: '4444' }] },
      Mounts: [{ Type: 'bind', Source: '/home/me/.pipewright/workspaces/shop/router-litellm/config.yaml', Target: '/app/config.yaml', ReadOnly: true }],
      NetworkMode: 'pipewright-services',
      ExtraHosts: ['host.docker.internal:host-gateway'],
      Memory: 2 * 1024 ** 3,
      PidsLimit: 512,
      CapDrop: ['ALL'],
    });
    expect(docker.HostConfig?.DeviceRequests).toBeUndefined();
    expect(docker.Labels).toMatchObject({ 'io.pipewright.keep': 'false' });
  });

  it('has as many endpoint inputs as asked, the first one required', () => {
    const ports = litellmRouterDefinition.resolvePorts!(litellmRouterDefinition.params.parse({ masterKeySecret: 'K', endpoints: 3 }), {
      loadPipeline: () => {
        throw new Error('unused');
      },
    });
    expect(ports.inputs.map((p) => [p.name, p.type, p.optional ?? false])).toEqual([
      ['endpoint1', 'endpoint', false],
      ['endpoint2', 'endpoint', true],
      ['endpoint3', 'endpoint', true],
    ]);
    expect(ports.outputs.map((p) => p.name)).toEqual(['endpoint']);
  });
});

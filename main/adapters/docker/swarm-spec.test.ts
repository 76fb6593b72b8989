import { describe, expect, it } from 'vitest';
import { LABEL } from './labels';
import { swarmServiceSpec } from './swarm';

/* The routing mesh cannot be run on the test machines (their kernel has no IPVS): its spec is checked here. */

describe('a swarm service spec', () => {
  const owner = { projectId: 'shop', nodeId: 'web', runId: 'r1' };
  const base = { name: 'web', image: 'pipewright/shop-web:latest', containerPort: 3000, replicas: 3, keep: true, env: { MODE: 'prod' } };

  it('publishes through the routing mesh on the port asked for, with the replicas and the labels Services reads', () => {
    const spec = swarmServiceSpec(owner, { ...base, publishMode: 'ingress', publishedPort: 8080 }, 'hash1', 0) as {
      Name: string;
      Labels: Record<string, string>;
      Mode: unknown;
      EndpointSpec: unknown;
      TaskTemplate: { ContainerSpec: { Env: string[]; CapabilityDrop: string[] } };
    };
    expect(spec.Name).toBe('pipewright-shop-web');
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(spec.EndpointSpec).toEqual({ Ports: [{ Protocol: 'tcp', TargetPort: 3000, PublishedPort: 8080, PublishMode: 'ingress' }] });
    expect(spec.Labels).toMatchObject({ [LABEL.kind]: 'swarm', [LABEL.config]: 'hash1', [LABEL.port]: '3000', [LABEL.role]: 'service' });
    expect(spec.TaskTemplate.ContainerSpec.Env).toEqual(['MODE=prod', 'PORT=3000']);
    expect(spec.TaskTemplate.ContainerSpec.CapabilityDrop).toEqual(['ALL']);
  });

  it('in host mode without a port lets each replica take a free port of its node', () => {
    const spec = swarmServiceSpec(owner, { ...base, publishMode: 'host' }, 'hash1', 4) as { EndpointSpec: unknown; TaskTemplate: { ForceUpdate: number } };
    expect(spec.EndpointSpec).toEqual({ Ports: [{ Protocol: 'tcp', TargetPort: 3000, PublishMode: 'host' }] });
    expect(spec.TaskTemplate.ForceUpdate).toBe(4);
  });
});

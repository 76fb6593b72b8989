import type Docker from 'dockerode';
import type { DockerConnection } from './connection';
import { LABEL } from './labels';
import { swarmRole, swarmServiceUrl, SWARM_KIND } from './swarm';

/** A Pipewright-made service as Docker reports it: a container, or a Docker Swarm service. */
export interface ManagedContainer {
  id: string;
  /** The container's (or swarm service's) name in Docker, without the leading slash. */
  containerName: string;
  /** The name the node gave it. */
  name: string;
  projectId: string;
  nodeId: string;
  runId: string;
  image: string;
  keep: boolean;
  /** running, exited, created, … */
  state: string;
  /** Docker's human status: "Up 3 minutes", "Exited (1) 2 hours ago", "2/2 replicas running". */
  status: string;
  createdAt: number;
  url?: string;
  /** The engine it runs on: `default` or a name from Settings. */
  engine: string;
  kind: 'container' | 'swarm';
}

/** Pipewright's service containers on one engine, and its swarm services when it is a manager. */
export async function listOn(docker: Docker, conn: DockerConnection, engine: string, label: string[]): Promise<ManagedContainer[]> {
  const list = await docker.listContainers({ all: true, filters: { label } });
  const containers = list
    // A swarm task's container is listed under its service.
    .filter((c) => !c.Labels['com.docker.swarm.service.id'])
    .map((c): ManagedContainer => {
      const port = Number(c.Labels[LABEL.port]);
      const published = c.Ports?.find((p) => p.PrivatePort === port && p.PublicPort);
      return {
        id: c.Id,
        containerName: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
        name: c.Labels[LABEL.name] ?? c.Labels[LABEL.node] ?? c.Id.slice(0, 12),
        projectId: c.Labels[LABEL.project],
        nodeId: c.Labels[LABEL.node],
        runId: c.Labels[LABEL.run],
        image: c.Image,
        keep: c.Labels[LABEL.keep] !== 'false',
        state: c.State,
        status: c.Status,
        createdAt: c.Created * 1000,
        engine,
        kind: 'container',
        ...(c.State === 'running' && published ? { url: `http://${conn.publicHost}:${published.PublicPort}` } : {}),
      };
    });
  if (!(await swarmRole(docker)).manager) return containers;
  const services = (await docker.listServices({ filters: { label }, status: true } as Docker.ServiceListOptions)) as (Docker.Service & {
    ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number };
  })[];
  const swarm = await Promise.all(
    services
      .filter((sv) => sv.Spec?.Labels?.[LABEL.kind] === SWARM_KIND)
      .map(async (sv): Promise<ManagedContainer> => {
        const labels = sv.Spec!.Labels!;
        const running = sv.ServiceStatus?.RunningTasks ?? 0;
        const desired = sv.ServiceStatus?.DesiredTasks ?? 0;
        const url = running > 0 ? await swarmServiceUrl(docker, sv, conn).catch(() => undefined) : undefined;
        return {
          id: sv.ID,
          containerName: sv.Spec!.Name ?? sv.ID,
          name: labels[LABEL.name] ?? labels[LABEL.node] ?? sv.ID.slice(0, 12),
          projectId: labels[LABEL.project],
          nodeId: labels[LABEL.node],
          runId: labels[LABEL.run],
          image: (sv.Spec!.TaskTemplate as { ContainerSpec?: { Image?: string } })?.ContainerSpec?.Image ?? '',
          keep: labels[LABEL.keep] !== 'false',
          state: running > 0 ? 'running' : 'starting',
          status: `${running}/${desired} replicas running (swarm)`,
          createdAt: Date.parse(sv.CreatedAt ?? '') || 0,
          engine,
          kind: 'swarm',
          ...(url ? { url } : {}),
        };
      }),
  );
  return [...containers, ...swarm];
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../nodes/sdk';

/**
 * Labels on everything Pipewright creates in Docker. They are how services are found again after
 * a restart, how a node's container is reused, and how a run's leftovers are removed.
 */
export const LABEL = {
  project: 'io.pipewright.project',
  node: 'io.pipewright.node',
  /** Hash of the container's configuration: equal hashes may be reused, others are replaced. */
  config: 'io.pipewright.config',
  run: 'io.pipewright.run',
  /** `service` (long-lived), `sandbox` (one-shot command) or `image`. */
  role: 'io.pipewright.role',
  /** `true` when the person keeps it beyond the run; `false` ones are removed when the run ends. */
  keep: 'io.pipewright.keep',
  /** The name shown in the Services list. */
  name: 'io.pipewright.name',
  /** The port the app listens on inside the container: its published port makes the URL. */
  port: 'io.pipewright.port',
  /** `swarm` on a Docker Swarm service (containers carry none). */
  kind: 'io.pipewright.kind',
} as const;

export type Role = 'service' | 'sandbox' | 'image';

export interface Owner {
  projectId: string;
  nodeId: string;
  runId: string;
}

export function ownerLabels(owner: Owner, role: Role): Record<string, string> {
  return {
    [LABEL.project]: owner.projectId,
    [LABEL.node]: owner.nodeId,
    [LABEL.run]: owner.runId,
    [LABEL.role]: role,
  };
}

export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}

/** A Docker name part: [a-z0-9_.-], no leading punctuation, bounded length. */
export function slug(text: string, max = 40): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return (s.slice(0, max).replace(/[^a-z0-9]+$/, '') || 'x');
}

/** `pipewright-<project>-<node>`, with a short hash when slugging could make two owners collide. */
export function containerName(owner: Pick<Owner, 'projectId' | 'nodeId'>): string {
  const base = `pipewright-${slug(owner.projectId)}-${slug(owner.nodeId)}`;
  const exact = slug(owner.projectId) === owner.projectId && slug(owner.nodeId) === owner.nodeId;
  return exact ? base : `${base}-${configHash([owner.projectId, owner.nodeId]).slice(0, 6)}`;
}

/** The tag a node's image gets; each build moves it to the new image. */
export function imageTag(owner: Pick<Owner, 'projectId' | 'nodeId'>): string {
  // Image names allow fewer separators than container names: only single `-` runs are safe.
  const name = containerName(owner).slice('pipewright-'.length).replace(/[._-]+/g, '-');
  return `pipewright/${name}:latest`;
}

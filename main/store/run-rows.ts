import type { Pipeline } from '../../nodes/sdk';
import type { NodeStatus, RunScope, RunStatus } from '../engine/events';
import { fromJson } from './json';

// Runs and node runs as callers see them, and the column rows they are read from. Optional
// fields are left out rather than set to undefined, so records compare equal to plain objects.

export interface RunSummary {
  id: string;
  projectId: string;
  pipelineId: string;
  status: RunStatus;
  scope: RunScope;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: string;
  startedAt: number;
  finishedAt?: number;
  pid?: number;
  host?: string;
}

export interface RunRecord extends RunSummary {
  /** Absent when the run was recorded without begin(). */
  doc?: Pipeline;
}

export interface NodeRunRecord {
  runId: string;
  nodeId: string;
  kind: string;
  status: NodeStatus;
  attempt: number;
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  cacheKey?: string;
  outputs?: Record<string, unknown>;
  outputFingerprints?: Record<string, string>;
  error?: string;
}

export interface RunRow {
  id: string;
  project_id: string;
  pipeline_id: string;
  status: RunStatus;
  scope: string;
  doc?: string | null;
  inputs: string;
  outputs: string | null;
  error: string | null;
  started_at: number;
  finished_at: number | null;
  pid: number | null;
  host: string | null;
}

export interface NodeRunRow {
  run_id: string;
  node_id: string;
  kind: string;
  status: NodeStatus;
  attempt: number;
  started_at: number | null;
  finished_at: number | null;
  duration_ms: number | null;
  cache_key: string | null;
  outputs: string | null;
  output_fingerprints: string | null;
  error: string | null;
}

export function toSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    projectId: r.project_id,
    pipelineId: r.pipeline_id,
    status: r.status,
    scope: JSON.parse(r.scope) as RunScope,
    inputs: fromJson(r.inputs) ?? {},
    ...(r.outputs !== null ? { outputs: JSON.parse(r.outputs) as Record<string, unknown> } : {}),
    ...(r.error !== null ? { error: r.error } : {}),
    startedAt: r.started_at,
    ...(r.finished_at !== null ? { finishedAt: r.finished_at } : {}),
    ...(r.pid !== null ? { pid: r.pid } : {}),
    ...(r.host !== null ? { host: r.host } : {}),
  };
}

export function toNodeRun(r: NodeRunRow): NodeRunRecord {
  return {
    runId: r.run_id,
    nodeId: r.node_id,
    kind: r.kind,
    status: r.status,
    attempt: r.attempt,
    ...(r.started_at !== null ? { startedAt: r.started_at } : {}),
    ...(r.finished_at !== null ? { finishedAt: r.finished_at } : {}),
    ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
    ...(r.cache_key !== null ? { cacheKey: r.cache_key } : {}),
    ...(r.outputs !== null ? { outputs: JSON.parse(r.outputs) as Record<string, unknown> } : {}),
    ...(r.output_fingerprints !== null
      ? { outputFingerprints: JSON.parse(r.output_fingerprints) as Record<string, string> }
      : {}),
    ...(r.error !== null ? { error: r.error } : {}),
  };
}

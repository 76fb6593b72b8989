import type { NodeStatus } from './events';

export type FinalStatus = Exclude<NodeStatus, 'queued' | 'running'>;

export interface NodeSummary {
  status: FinalStatus;
  /** True when the result was reused (cache or a prior attempt) instead of run. */
  cached: boolean;
  /** True when the node handed on its pinned outputs instead of running. */
  pinned?: boolean;
  durationMs: number;
  outputs?: Record<string, unknown>;
  /** Why it failed; for skipped and cancelled nodes, why it did not run. */
  error?: string;
}

export interface RunSummary {
  runId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  /** Values of the pipeline-output nodes, by their `name` param. */
  outputs: Record<string, unknown>;
  /** Every node of the run, sub-pipeline nodes under `outerId/innerId`. */
  nodes: Record<string, NodeSummary>;
}

export interface RunHandle {
  runId: string;
  /** Settles once every node has, running processes included; never rejects for a node failure. */
  done: Promise<RunSummary>;
  /** Aborts every running node's signal; nodes not started end as cancelled. */
  cancel(reason?: string): void;
}

import type { LogStream, NodeProgress, TaskProgress } from '../../nodes/sdk';

export type NodeStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cached'
  | 'skipped'
  | 'cancelled';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** What a run asks for. `node`: that node runs (its upstream from cache or as needed);
 * `upTo`: that node and what it needs; `from`: that node and everything after it run again. */
export type RunScope =
  | { kind: 'all' }
  | { kind: 'node'; nodeId: string }
  | { kind: 'upTo'; nodeId: string }
  | { kind: 'from'; nodeId: string };

/**
 * Node ids inside sub-pipelines are paths: `outer/inner` (the pipeline node's id, a slash,
 * the inner node's id), so one event stream describes every level.
 */
export type EngineEvent =
  | {
      type: 'run-started';
      runId: string;
      projectId: string;
      pipelineId: string;
      scope: RunScope;
      resumed: boolean;
      at: number;
    }
  | { type: 'node-queued'; runId: string; nodeId: string; kind: string; at: number }
  | { type: 'node-started'; runId: string; nodeId: string; kind: string; attempt: number; at: number }
  | {
      type: 'node-log';
      runId: string;
      nodeId: string;
      stream: LogStream;
      chunk: string;
      at: number;
    }
  /** A task inside a node changed state (ctx.task): the latest event of a task id is its state. */
  | { type: 'node-task'; runId: string; nodeId: string; task: TaskProgress; at: number }
  /** How far a running node has got (ctx.progress); shown live, not stored: the log tells the story. */
  | { type: 'node-progress'; runId: string; nodeId: string; progress: NodeProgress; at: number }
  | {
      type: 'node-finished';
      runId: string;
      nodeId: string;
      kind: string;
      status: Exclude<NodeStatus, 'queued' | 'running'>;
      /** Set for succeeded and cached nodes. */
      outputs?: Record<string, unknown>;
      /** Fingerprint of each output, what downstream cache keys are made of. */
      outputFingerprints?: Record<string, string>;
      cacheKey?: string;
      error?: string;
      startedAt?: number;
      durationMs: number;
      /** The node handed on its pinned outputs instead of running. */
      pinned?: boolean;
      at: number;
    }
  | {
      type: 'run-finished';
      runId: string;
      status: Exclude<RunStatus, 'running' | 'interrupted'>;
      outputs: Record<string, unknown>;
      error?: string;
      at: number;
    };

export type EngineEventListener = (event: EngineEvent) => void;

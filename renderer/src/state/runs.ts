import { create } from 'zustand';
import type {
  EngineEventInfo,
  NodeStatus,
  RunDetail,
  RunScope,
  RunStatus,
  RunSummaryInfo,
} from '../../../preload/contract';
import type { NodeProgress, TaskProgress } from '../../../nodes/sdk';
import { logBook } from './log-book';
import { noteRunDocument } from './ran-with';

export interface NodeRunView {
  status: NodeStatus;
  startedAt?: number;
  durationMs?: number;
  error?: string;
  outputs?: Record<string, unknown>;
  attempt?: number;
  /** Came from the cache or an earlier attempt, not run this time. */
  cached?: boolean;
  /** The tasks the node reported (ctx.task), each in its latest state, in the order first seen. */
  tasks?: TaskProgress[];
  /** How far its current step has got, while it runs (ctx.progress). */
  progress?: NodeProgress;
}

/** The node's tasks with `task` in its latest state. */
function withTask(tasks: TaskProgress[] | undefined, task: TaskProgress): TaskProgress[] {
  const list = tasks ?? [];
  const at = list.findIndex((t) => t.id === task.id);
  return at < 0 ? [...list, task] : list.map((t, i) => (i === at ? task : t));
}

export interface RunView {
  id: string;
  pipelineId: string;
  status: RunStatus;
  scope: RunScope;
  startedAt: number;
  finishedAt?: number;
  error?: string;
  outputs?: Record<string, unknown>;
}

export interface RunsState {
  /** The run the canvas shows statuses of: the live one, or the last one. */
  current?: RunView;
  /** Set while a past run is open read-only. */
  viewing?: RunView;
  nodes: Record<string, NodeRunView>;
  history: RunSummaryInfo[];

  /** One engine event; log chunks go to the log book and leave this state untouched. */
  apply(event: EngineEventInfo): void;
  showDetail(detail: RunDetail, mode: 'live' | 'view'): void;
  setHistory(history: RunSummaryInfo[]): void;
  closeView(): void;
  reset(): void;
}

function viewOf(run: RunSummaryInfo): RunView {
  return {
    id: run.id,
    pipelineId: run.pipelineId,
    status: run.status,
    scope: run.scope,
    startedAt: run.startedAt,
    ...(run.finishedAt !== undefined ? { finishedAt: run.finishedAt } : {}),
    ...(run.error !== undefined ? { error: run.error } : {}),
    ...(run.outputs !== undefined ? { outputs: run.outputs } : {}),
  };
}

export const useRuns = create<RunsState>()((set, get) => ({
  nodes: {},
  history: [],

  apply(e) {
    const s = get();
    if (e.type === 'node-log') {
      logBook.append(e.runId, { nodeId: e.nodeId, stream: e.stream, chunk: e.chunk, at: e.at });
      return;
    }
    if (e.type === 'run-started') {
      logBook.markComplete(e.runId);
      set({
        current: { id: e.runId, pipelineId: e.pipelineId, status: 'running', scope: e.scope, startedAt: e.at },
        viewing: undefined,
        nodes: {},
      });
      return;
    }
    // Events of another run (another window started it, or an old one finishing) do not mix in.
    if (s.current?.id !== e.runId) return;
    // Nodes inside sub-pipelines (`outer/inner`) have no box on this canvas; their logs are kept.
    if ('nodeId' in e && e.nodeId.includes('/')) return;
    switch (e.type) {
      case 'node-queued':
        set({ nodes: { ...s.nodes, [e.nodeId]: { status: 'queued' } } });
        return;
      case 'node-started':
        set({ nodes: { ...s.nodes, [e.nodeId]: { status: 'running', startedAt: e.at, attempt: e.attempt } } });
        return;
      case 'node-progress': {
        const node = s.nodes[e.nodeId];
        if (node?.status === 'running') set({ nodes: { ...s.nodes, [e.nodeId]: { ...node, progress: e.progress } } });
        return;
      }
      case 'node-task': {
        const node = s.nodes[e.nodeId] ?? { status: 'running' };
        set({ nodes: { ...s.nodes, [e.nodeId]: { ...node, tasks: withTask(node.tasks, e.task) } } });
        return;
      }
      case 'node-finished': {
        const tasks = s.nodes[e.nodeId]?.tasks;
        set({
          nodes: {
            ...s.nodes,
            [e.nodeId]: {
              ...(tasks ? { tasks } : {}),
              status: e.status,
              durationMs: e.durationMs,
              ...(e.startedAt !== undefined ? { startedAt: e.startedAt } : {}),
              ...(e.error !== undefined ? { error: e.error } : {}),
              ...(e.outputs !== undefined ? { outputs: e.outputs } : {}),
              cached: e.status === 'cached',
            },
          },
        });
        return;
      }
      case 'run-finished':
        set({
          current: {
            ...s.current,
            status: e.status,
            finishedAt: e.at,
            outputs: e.outputs,
            ...(e.error !== undefined ? { error: e.error } : {}),
          },
        });
        return;
    }
  },

  showDetail(detail, mode) {
    const nodes: Record<string, NodeRunView> = {};
    for (const n of detail.nodes) {
      if (n.nodeId.includes('/')) continue;
      nodes[n.nodeId] = {
        status: n.status,
        attempt: n.attempt,
        ...(n.startedAt !== undefined ? { startedAt: n.startedAt } : {}),
        ...(n.durationMs !== undefined ? { durationMs: n.durationMs } : {}),
        ...(n.error !== undefined ? { error: n.error } : {}),
        ...(n.outputs !== undefined ? { outputs: n.outputs } : {}),
        cached: n.status === 'cached',
      };
    }
    const view = viewOf(detail.run);
    noteRunDocument(detail.run.id, detail.doc);
    set(mode === 'view' ? { viewing: view, nodes } : { current: view, viewing: undefined, nodes });
  },

  setHistory(history) {
    set({ history });
  },

  closeView() {
    set({ viewing: undefined, nodes: {} });
  },

  reset() {
    set({ current: undefined, viewing: undefined, nodes: {}, history: [] });
  },
}));

/** The status of one node in the run shown; each node box subscribes to its own. */
export const useNodeRun = (nodeId: string) => useRuns((s) => s.nodes[nodeId]);

export const isRunning = (s: RunsState) => s.current?.status === 'running';

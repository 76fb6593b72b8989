import type { LogChunkInfo } from '../../../preload/contract';

type Listener = (chunk: LogChunkInfo) => void;

/**
 * Log output by run and node, outside React state on purpose: a flood of log lines is appended
 * here and written straight into the terminal that shows it, so nothing else re-renders.
 */
class LogBook {
  private readonly runs = new Map<string, Map<string, LogChunkInfo[]>>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Runs whose stored logs were fetched (or that started here, so every chunk was seen). */
  private readonly complete = new Set<string>();

  append(runId: string, chunk: LogChunkInfo): void {
    let nodes = this.runs.get(runId);
    if (!nodes) this.runs.set(runId, (nodes = new Map()));
    let list = nodes.get(chunk.nodeId);
    if (!list) nodes.set(chunk.nodeId, (list = []));
    list.push(chunk);
    for (const l of this.listeners.get(`${runId}\u0000${chunk.nodeId}`) ?? []) l(chunk);
  }

  markComplete(runId: string): void {
    this.complete.add(runId);
  }

  isComplete(runId: string): boolean {
    return this.complete.has(runId);
  }

  /** Replaces what is known of a run with what the store has (a past run, or after a reload). */
  fill(runId: string, chunks: readonly LogChunkInfo[]): void {
    const nodes = new Map<string, LogChunkInfo[]>();
    for (const c of chunks) {
      let list = nodes.get(c.nodeId);
      if (!list) nodes.set(c.nodeId, (list = []));
      list.push(c);
    }
    this.runs.set(runId, nodes);
    this.complete.add(runId);
  }

  chunks(runId: string, nodeId: string): readonly LogChunkInfo[] {
    return this.runs.get(runId)?.get(nodeId) ?? [];
  }

  subscribe(runId: string, nodeId: string, listener: Listener): () => void {
    const key = `${runId}\u0000${nodeId}`;
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}

export const logBook = new LogBook();

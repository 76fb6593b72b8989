import type { CapabilityScope, LocalService, ServicesApi } from '../../nodes/sdk';

/** A local process (the no-Docker fallback) some node started. */
export interface LocalServiceEntry extends LocalService {
  id: string;
  projectId: string;
  nodeId: string;
  runId: string;
  /** Kept beyond its run; otherwise stopped when the run ends. */
  keep: boolean;
  startedAt: number;
}

/**
 * Services that are processes of this Pipewright rather than containers: nothing outside
 * remembers them, so they are listed from here and stop when Pipewright stops (close()).
 */
export class LocalServices {
  private readonly entries = new Map<string, LocalServiceEntry>();
  private next = 1;

  list(projectId?: string): LocalServiceEntry[] {
    return [...this.entries.values()]
      .filter((e) => projectId === undefined || e.projectId === projectId)
      .sort((a, b) => b.startedAt - a.startedAt);
  }

  /** By id or name. */
  find(idOrName: string): LocalServiceEntry | undefined {
    return this.entries.get(idOrName) ?? [...this.entries.values()].find((e) => e.name === idOrName);
  }

  async stop(id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    await entry.stop?.();
    return true;
  }

  /** Stops what a run held without keeping; returns how many. */
  async releaseRun(runId: string): Promise<number> {
    const held = [...this.entries.values()].filter((e) => e.runId === runId && !e.keep);
    await Promise.all(held.map((e) => this.stop(e.id)));
    return held.length;
  }

  /** Stops everything; Pipewright is going away and takes its processes with it. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.stop(id)));
  }

  /** The ServicesApi one node attempt gets. */
  scoped(scope: CapabilityScope): ServicesApi {
    const owned = (e: LocalServiceEntry) => e.projectId === scope.projectId && e.nodeId === scope.nodeId;
    const add = async (service: LocalService, keep: boolean) => {
      const id = `local-${this.next++}`;
      this.entries.set(id, {
        ...service,
        id,
        keep,
        projectId: scope.projectId,
        nodeId: scope.nodeId,
        runId: scope.runId,
        startedAt: Date.now(),
      });
    };
    return {
      keep: (service) => add(service, true),
      holdForRun: (service) => add(service, false),
      stopPrevious: async () => {
        await Promise.all(this.list().filter(owned).map((e) => this.stop(e.id)));
      },
    };
  }
}

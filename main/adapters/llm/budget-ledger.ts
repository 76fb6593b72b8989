/** What one call in flight has spent so far, as its SpendMeter counts it. */
export interface RunningSpend {
  runningCost(): number;
}

interface ProjectCalls {
  /** Dollars of calls that ended since the first of those now in flight began. */
  settled: number;
  running: Map<RunningSpend, number>;
}

/**
 * The calls of each project now in flight. A call reads what its project spent from the store
 * when it starts; calls running beside it (parallel branches, a team's tasks) have not been
 * recorded yet, so each would see the whole budget left and together spend it several times
 * over. Each call counts what the others are spending now, and what those that ended since
 * it started spent, as spent.
 */
export class BudgetLedger {
  private readonly projects = new Map<string, ProjectCalls>();

  /**
   * Enters a call of `projectId`. `others()` says what the project's other calls have spent
   * that the store did not hold when this one started; `leave(cost)` ends the call once its
   * cost is recorded in the store (always call it).
   */
  join(projectId: string, call: RunningSpend): { others: () => number; leave: (cost: number) => void } {
    let project = this.projects.get(projectId);
    if (!project) this.projects.set(projectId, (project = { settled: 0, running: new Map() }));
    const p = project;
    p.running.set(call, p.settled);
    let left = false;
    return {
      others: () => {
        let sum = p.settled - (p.running.get(call) ?? p.settled);
        for (const other of p.running.keys()) if (other !== call) sum += other.runningCost();
        return sum;
      },
      leave: (cost) => {
        if (left) return;
        left = true;
        p.running.delete(call);
        p.settled += cost;
        if (p.running.size === 0) this.projects.delete(projectId);
      },
    };
  }
}

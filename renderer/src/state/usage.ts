import { create } from 'zustand';
import type { UsageReport } from '../../../preload/contract';
import { call } from '../api';

interface UsageState {
  /** The open project's LLM spending: in all, in the run on screen, per node of that run. */
  report?: UsageReport;
  refresh(projectId: string, runId?: string): Promise<void>;
  setBudget(projectId: string, usd: number | null, runId?: string): Promise<void>;
}

// Only the latest question's answer is kept: an older one may be about another run.
let latest = 0;

export const useUsage = create<UsageState>()((set, get) => ({
  async refresh(projectId, runId) {
    const asked = ++latest;
    const report = await call('usage.get', { projectId, ...(runId ? { runId } : {}) });
    if (asked === latest) set({ report });
  },
  async setBudget(projectId, usd, runId) {
    await call('budget.set', { projectId, usd });
    await get().refresh(projectId, runId);
  },
}));

import { budgetKey, type CallHandlers } from '../../preload/contract';
import type { Host } from '../host';

/** Tokens and dollars where the editor shows them: the project, the run on screen, its nodes. */
export function usageHandlers(host: Host): Pick<CallHandlers, 'usage.get'> {
  const { store } = host;
  return {
    'usage.get': ({ projectId, runId }) => {
      const usd = store.settings.get(budgetKey(projectId));
      return {
        project: store.usage.totals({ projectId }),
        ...(runId ? { run: store.usage.totals({ projectId, runId }) } : {}),
        nodes: runId ? store.usage.byNode(runId) : {},
        runs: store.usage.byRun(projectId),
        budget: typeof usd === 'number' ? usd : null,
      };
    },
  };
}

import { llmBudgetKey } from '../../settings-keys';
import type { Store } from '../../store';

/**
 * Why a budget cannot be set for `projectId`, or undefined when it can. A project is one the
 * store knows: a project of the editor, a saved pipeline's project, or the document id a
 * template run kept its runs and spending under (it has no project row). A typo gets an error
 * instead of a budget that guards nothing.
 */
export function budgetProjectProblem(store: Store, projectId: string): string | undefined {
  if (store.projects.get(projectId)) return undefined;
  if (store.pipelines.list().some((p) => p.projectId === projectId)) return undefined;
  if (store.runs.list({ projectId, limit: 1 }).length > 0) return undefined;
  if (store.usage.totals({ projectId }).calls > 0) return undefined;
  // One already set can still be read and removed.
  if (store.settings.get(llmBudgetKey(projectId)) !== undefined) return undefined;
  return `there is no project "${projectId}": give a project id, a saved pipeline id (pipewright list), or a template file (its runs are kept under its document id); no budget was set`;
}

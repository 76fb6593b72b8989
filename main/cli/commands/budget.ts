import { formatDollars as dollars } from '../../adapters/llm/budget';
import { budgetProjectProblem } from '../../adapters/llm/budget-project';
import { MAX_BUDGET_USD } from '../../../preload/contract';
import { llmBudgetKey } from '../../settings-keys';
import { Store, defaultHome } from '../../store';
import { UsageError, parseCommand } from '../args';
import { isTemplatePath, readTemplateFile } from '../load-target';
import type { Io } from '../io';

/**
 * `pipewright budget PROJECT [DOLLARS|off]`: shows what a project spent on LLM calls against its
 * limit, or sets or removes the limit. A call that could pass the limit is refused unsent.
 */
export async function budgetCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'budget', { json: 'flag' });
  const [target, amount, ...extra] = args.positionals;
  if (!target || extra.length) {
    throw new UsageError('usage: pipewright budget PROJECT|TEMPLATE.json [DOLLARS | off]  (a template run\'s project is its document id)');
  }
  // A template file names the project its runs are kept under (its document id), so a budget
  // can be set before its first run spends anything.
  const file = isTemplatePath(target) ? readTemplateFile(target) : undefined;
  const projectId = file?.doc.id ?? target;
  const store = Store.open(defaultHome());
  try {
    const key = llmBudgetKey(projectId);
    const problem = file ? undefined : budgetProjectProblem(store, projectId);
    if (problem) throw new UsageError(problem);
    if (amount === 'off') {
      store.settings.set(key, undefined);
      io.stdout.write(`project ${projectId}: no LLM budget\n`);
      return 0;
    }
    if (amount !== undefined) {
      const limit = Number(amount.replace(/^\$/, ''));
      if (!Number.isFinite(limit) || limit < 0) throw new UsageError(`"${amount}" is not an amount of dollars, such as 5 or 0.50`);
      if (limit > MAX_BUDGET_USD) throw new UsageError(`a budget is at most $${MAX_BUDGET_USD.toLocaleString('en-US')}; for no limit, use off`);
      store.settings.set(key, limit);
    }
    const limit = store.settings.get<number>(key);
    const spent = store.usage.totals({ projectId });
    if (args.flags.has('json')) {
      io.stdout.write(`${JSON.stringify({ projectId, limit: limit ?? null, ...spent })}\n`);
      return 0;
    }
    const tokens = `${spent.calls} call${spent.calls === 1 ? '' : 's'}, ${spent.promptTokens + spent.completionTokens} tokens`;
    io.stdout.write(
      limit === undefined
        ? `project ${projectId}: spent ${dollars(spent.cost)} (${tokens}); no budget set\n`
        : `project ${projectId}: spent ${dollars(spent.cost)} of ${dollars(limit)} (${tokens}); ${dollars(Math.max(0, limit - spent.cost))} left\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}

import { NodeError, type LlmUsageFigures } from '../../sdk';
import type { AgentTemplate } from '../agent-template';

export interface TeamBudget {
  dollars?: number;
  tokens?: number;
}

/** A task stopped because its role spent its share of the team budget. */
export class CreditsExhausted extends NodeError {}

/**
 * The team budget of a job, split among the roles by their templates' weights; it sits on top
 * of the project's LLM budget, which ctx.llm keeps, and counts across the runs of one job. A call is refused before it is sent when what its
 * prompt alone costs would take the role past its share, so a task stops between calls, with
 * every file it wrote in place and every finished task kept.
 */
export class TeamCredits {
  private readonly share = new Map<string, number>();
  private readonly spent = new Map<string, { tokens: number; dollars: number }>();

  constructor(
    templates: readonly AgentTemplate[],
    readonly budget: TeamBudget,
  ) {
    const total = templates.reduce((sum, t) => sum + t.creditWeight, 0);
    for (const t of templates) this.share.set(t.role, t.creditWeight / total);
  }

  get limited(): boolean {
    return this.budget.dollars !== undefined || this.budget.tokens !== undefined;
  }

  /** The role's share: tokens and dollars it may spend in this run. */
  allowance(role: string): TeamBudget {
    const share = this.share.get(role) ?? 0;
    return {
      ...(this.budget.tokens !== undefined ? { tokens: Math.floor(this.budget.tokens * share) } : {}),
      ...(this.budget.dollars !== undefined ? { dollars: this.budget.dollars * share } : {}),
    };
  }

  /** What each role spent, to be kept with the job's checkpoint. */
  snapshot(): Record<string, { tokens: number; dollars: number }> {
    return Object.fromEntries(this.spent);
  }

  /** Takes up what earlier runs of the same job spent: a resumed job does not start afresh. */
  restore(spent: Record<string, { tokens: number; dollars: number }>): void {
    for (const [role, s] of Object.entries(spent)) this.spent.set(role, { ...s });
  }

  spentBy(role: string): { tokens: number; dollars: number } {
    return this.spent.get(role) ?? { tokens: 0, dollars: 0 };
  }

  /**
   * Throws CreditsExhausted when a call with a prompt of about `promptTokens` would exceed the
   * role's share; otherwise returns how many tokens the answer may take (undefined: no cap).
   */
  beforeCall(role: string, taskId: string, promptTokens: number): number | undefined {
    if (!this.limited) return undefined;
    const allowance = this.allowance(role);
    const spent = this.spentBy(role);
    const stop = (what: string) =>
      new CreditsExhausted(
        `team budget: task "${taskId}" stopped before its next model call: ${what}; raise budgetTokens or budgetDollars, or give ${role} a larger creditWeight in its template, then run again (finished tasks are kept)`,
      );
    if (allowance.tokens !== undefined && spent.tokens + promptTokens >= allowance.tokens) {
      throw stop(`the ${role} role's share of the team budget is ${allowance.tokens} tokens; it has spent ${spent.tokens}, and the next prompt (about ${promptTokens}) would go past it`);
    }
    if (allowance.dollars !== undefined && spent.dollars >= allowance.dollars) {
      throw stop(`the ${role} role's share of the team budget is $${allowance.dollars.toFixed(4)}; it has spent $${spent.dollars.toFixed(4)}`);
    }
    return allowance.tokens !== undefined ? allowance.tokens - spent.tokens - promptTokens : undefined;
  }

  record(role: string, usage: LlmUsageFigures): void {
    const s = this.spentBy(role);
    this.spent.set(role, { tokens: s.tokens + usage.promptTokens + usage.completionTokens, dollars: s.dollars + (usage.cost ?? 0) });
  }
}

/** About how many tokens a conversation is, before it is sent: four characters a token. */
export const estimateTokens = (value: unknown): number => Math.ceil(JSON.stringify(value).length / 4);

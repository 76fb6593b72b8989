import { NodeError, type ChatMessage } from '../../../nodes/sdk';
import { costOf, type ModelPrice } from './prices';

/** What a call's answer is assumed to cost at most when the request sets no max_tokens. */
export const ASSUMED_COMPLETION_TOKENS = 1024;

/** A rough token count (about four characters a token) for estimates made before a call. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimatePromptTokens(messages: readonly ChatMessage[], extra = ''): number {
  return estimateTokens(JSON.stringify(messages) + extra);
}

export interface BudgetCheck {
  projectId: string;
  /** US dollars; undefined means no limit. */
  limit: number | undefined;
  spent: number;
  price: ModelPrice | undefined;
  promptTokens: number;
  maxTokens: number | undefined;
  /** How the endpoint is named in messages. */
  where: string;
}

/**
 * Refuses a call before it is sent when it could take the project past its spending limit. A
 * model whose price is unknown cannot be counted, so a project with a limit refuses it too.
 */
export function checkBudget(c: BudgetCheck): void {
  if (c.limit === undefined) return;
  const fix = `raise it with pipewright budget ${c.projectId} <dollars>, or remove it with pipewright budget ${c.projectId} off`;
  if (!c.price) {
    throw new NodeError(
      `${c.where}: refused before sending: project "${c.projectId}" has an LLM budget of $${c.limit.toFixed(2)}, and the price of this model is unknown; add it to the llm.prices setting, use a priced or local model, or ${fix}`,
    );
  }
  const estimate = costOf(c.price, c.promptTokens, c.maxTokens ?? ASSUMED_COMPLETION_TOKENS);
  // A free model spends nothing, so it may answer even once the budget is used up.
  if (estimate === 0) return;
  if (c.spent + estimate > c.limit) {
    throw new NodeError(
      `${c.where}: refused before sending: it could cost up to $${estimate.toFixed(4)}, and project "${c.projectId}" has spent $${c.spent.toFixed(4)} of its $${c.limit.toFixed(2)} LLM budget; ${fix}`,
    );
  }
}

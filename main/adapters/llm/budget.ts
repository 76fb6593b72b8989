import { NodeError, formatDollars, type ChatMessage } from '../../../nodes/sdk';
import type { RunningSpend } from './budget-ledger';
import { costOf, type ModelPrice } from './prices';

/** The fewest answer tokens worth asking for: a budget that cannot buy them refuses the call. */
export const MIN_ANSWER_TOKENS = 32;

/** A rough token count (about four characters a token) for estimates made before a call. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimatePromptTokens(messages: readonly ChatMessage[], extra = ''): number {
  return estimateTokens(JSON.stringify(messages) + extra);
}

export { formatDollars };

export interface BudgetScope {
  projectId: string;
  /** US dollars; undefined means no limit. */
  limit: number | undefined;
  /** What the project had spent before this call. */
  spent: number;
  price: ModelPrice | undefined;
  promptTokens: number;
  /** The node's own limit on the answer, kept when it is the smaller. */
  maxTokens: number | undefined;
  /** How the endpoint is named in messages. */
  where: string;
  /**
   * What the project's other calls running beside this one have spent that `spent` does not
   * hold (BudgetLedger): parallel calls share one budget.
   */
  others?: () => number;
}

const fixOf = (projectId: string) =>
  `raise it with pipewright budget ${projectId} <dollars>, or remove it with pipewright budget ${projectId} off`;

/** The error a call ends with when the project's budget is used up while it answers. */
export class BudgetReached extends NodeError {
  constructor(c: Pick<BudgetScope, 'projectId' | 'limit' | 'where'>, spent: number, detail: string) {
    super(
      `${c.where}: ${detail}: project "${c.projectId}" reached its LLM budget, having spent ${formatDollars(spent)} of its ${formatDollars(c.limit ?? 0)} limit; ${fixOf(c.projectId)}`,
    );
  }
}

/**
 * Keeps one call (all its tries) within what the project has left. Before each try it says the
 * largest `max_tokens` the rest of the budget can buy at the model's price, after the prompt;
 * while the answer streams it adds up its cost and stops it (throws) once that reaches the
 * limit, so a server that ignores max_tokens overshoots by one chunk at most. A project
 * without a limit, or a free model, is not metered.
 */
export class SpendMeter implements RunningSpend {
  private readonly price: ModelPrice | undefined;
  private readonly metered: boolean;
  /** Tokens of earlier tries that streamed before failing: the provider bills them too. */
  private earlier = { promptTokens: 0, completionTokens: 0 };
  private chars = 0;
  private streamed = false;
  /** Whether a try has been sent and not yet ended: its prompt is being billed. */
  private inTry = false;
  /** Set once the limit stopped an answer, or the last try was cut at a max_tokens the budget set. */
  reached = false;
  /** The max_tokens of the current try, when the budget lowered it. */
  private budgetCap: number | undefined;

  constructor(private readonly c: BudgetScope) {
    this.price = c.price;
    if (c.limit !== undefined && !c.price) {
      throw new NodeError(
        `${c.where}: refused before sending: project "${c.projectId}" has an LLM budget of ${formatDollars(c.limit)}, and the price of this model is unknown; add it to the llm.prices setting, use a priced or local model, or ${fixOf(c.projectId)}`,
      );
    }
    // A free model spends nothing, so it may answer even once the budget is used up.
    this.metered = c.limit !== undefined && !!c.price && (c.price.input > 0 || c.price.output > 0);
  }

  /** Dollars left for this call before the try about to start. */
  private left(): number {
    return this.c.limit! - this.c.spent - (this.c.others?.() ?? 0) - this.cost(this.earlier.promptTokens, this.earlier.completionTokens);
  }

  /** What this call has spent so far, the try in flight included (for the calls running beside it). */
  runningCost(): number {
    const now = this.inTry ? this.cost(this.c.promptTokens, Math.ceil(this.chars / 4)) : 0;
    return this.cost(this.earlier.promptTokens, this.earlier.completionTokens) + now;
  }

  private cost(promptTokens: number, completionTokens: number): number {
    return this.price ? costOf(this.price, promptTokens, completionTokens) : 0;
  }

  /** The max_tokens to send on the next try; throws when the budget cannot buy a minimal answer. */
  beginTry(first: boolean): number | undefined {
    this.chars = 0;
    this.streamed = false;
    this.budgetCap = undefined;
    this.inTry = false;
    if (!this.metered) return this.c.maxTokens;
    const left = this.left() - this.cost(this.c.promptTokens, 0);
    const affordable = this.price!.output > 0 ? Math.floor((left * 1_000_000) / this.price!.output) : Number.MAX_SAFE_INTEGER;
    if (affordable < Math.min(MIN_ANSWER_TOKENS, this.c.maxTokens ?? MIN_ANSWER_TOKENS)) {
      const spent = this.c.limit! - this.left();
      if (!first) {
        this.reached = true;
        throw new BudgetReached(this.c, spent, 'not tried again');
      }
      throw new NodeError(
        `${this.c.where}: refused before sending: project "${this.c.projectId}" has spent ${formatDollars(spent)} of its ${formatDollars(this.c.limit!)} LLM budget, and the ${formatDollars(Math.max(0, this.c.limit! - spent))} left cannot pay for the prompt (about ${this.c.promptTokens} tokens) and an answer of ${MIN_ANSWER_TOKENS} tokens at this model's price; ${fixOf(this.c.projectId)}`,
      );
    }
    this.inTry = true;
    if (this.c.maxTokens !== undefined && this.c.maxTokens <= affordable) return this.c.maxTokens;
    this.budgetCap = affordable;
    return affordable;
  }

  /** Counts a piece of the answer; throws (ending the stream) when the answer has used up the budget. */
  add(delta: string): void {
    this.streamed = true;
    if (!this.metered) return;
    this.chars += delta.length;
    if (this.cost(this.c.promptTokens, Math.ceil(this.chars / 4)) >= this.left()) {
      this.reached = true;
      throw new BudgetStop();
    }
  }

  /** A try failed: what it streamed before failing was still billed. */
  tryFailed(): void {
    this.inTry = false;
    if (!this.streamed) return;
    this.earlier = {
      promptTokens: this.earlier.promptTokens + this.c.promptTokens,
      completionTokens: this.earlier.completionTokens + Math.ceil(this.chars / 4),
    };
    this.streamed = false;
  }

  /** Whether an answer that ended at its length limit was cut by the budget rather than by the node. */
  cutByBudget(finishReason: string): boolean {
    if (finishReason === 'length' && this.budgetCap !== undefined) this.reached = true;
    return this.reached;
  }

  /**
   * The tokens the call used in all: the server's figures for the last try when it sent them,
   * an estimate otherwise, plus what earlier tries streamed before failing.
   */
  usage(last?: { promptTokens: number; completionTokens: number }): { promptTokens: number; completionTokens: number } {
    const final = last ?? (this.streamed ? { promptTokens: this.c.promptTokens, completionTokens: Math.ceil(this.chars / 4) } : { promptTokens: 0, completionTokens: 0 });
    return {
      promptTokens: this.earlier.promptTokens + final.promptTokens,
      completionTokens: this.earlier.completionTokens + final.completionTokens,
    };
  }

  costOf(usage: { promptTokens: number; completionTokens: number }): number | undefined {
    return this.price ? this.cost(usage.promptTokens, usage.completionTokens) : undefined;
  }
}

/** Thrown from inside the stream to end it: the answer reached the budget. */
export class BudgetStop extends Error {
  constructor() {
    super('the LLM budget was reached');
    this.name = 'BudgetStop';
  }
}

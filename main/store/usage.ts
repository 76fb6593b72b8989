import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';

/** One LLM call's token count and price. */
export interface LlmUsage {
  projectId: string;
  runId?: string;
  nodeId?: string;
  /** The endpoint's base URL. */
  endpoint: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** In US dollars; absent when the model has no known price (a local model). */
  cost?: number;
  at?: number;
}

export interface UsageTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
}

export interface UsageFilter {
  projectId?: string;
  runId?: string;
  nodeId?: string;
  /** Only calls at or after this time (Unix ms). */
  since?: number;
}

/** Token and cost accounting, per run and per project (budgets read the totals). */
export class UsageStore {
  private readonly insert: SqliteStatement;
  private readonly sum: SqliteStatement<UsageTotals>;
  private readonly perNode: SqliteStatement<UsageTotals & { nodeId: string }>;
  private readonly perRun: SqliteStatement<UsageTotals & { runId: string }>;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT INTO llm_usage (run_id, node_id, project_id, endpoint, model, prompt_tokens, completion_tokens, cost, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // A null filter value matches every row, so one statement serves every combination.
    this.sum = db.prepare(
      `SELECT count(*) AS calls, coalesce(sum(prompt_tokens), 0) AS promptTokens,
         coalesce(sum(completion_tokens), 0) AS completionTokens, coalesce(sum(cost), 0) AS cost
       FROM llm_usage
       WHERE (@projectId IS NULL OR project_id = @projectId) AND (@runId IS NULL OR run_id = @runId)
         AND (@nodeId IS NULL OR node_id = @nodeId) AND (@since IS NULL OR at >= @since)`,
    );
    this.perNode = db.prepare(
      `SELECT node_id AS nodeId, count(*) AS calls, coalesce(sum(prompt_tokens), 0) AS promptTokens,
         coalesce(sum(completion_tokens), 0) AS completionTokens, coalesce(sum(cost), 0) AS cost
       FROM llm_usage WHERE run_id = @runId AND node_id IS NOT NULL GROUP BY node_id`,
    );
    this.perRun = db.prepare(
      `SELECT run_id AS runId, count(*) AS calls, coalesce(sum(prompt_tokens), 0) AS promptTokens,
         coalesce(sum(completion_tokens), 0) AS completionTokens, coalesce(sum(cost), 0) AS cost
       FROM llm_usage WHERE project_id = @projectId AND run_id IS NOT NULL GROUP BY run_id`,
    );
  }

  /** Totals of one run's calls per node (calls made outside any node are left out). */
  byNode(runId: string): Record<string, UsageTotals> {
    const out: Record<string, UsageTotals> = {};
    for (const { nodeId, ...totals } of this.perNode.all({ runId })) out[nodeId] = totals;
    return out;
  }

  /** Totals of a project's calls per run (calls made outside any run are left out). */
  byRun(projectId: string): Record<string, UsageTotals> {
    const out: Record<string, UsageTotals> = {};
    for (const { runId, ...totals } of this.perRun.all({ projectId })) out[runId] = totals;
    return out;
  }

  record(u: LlmUsage): void {
    this.insert.run(
      u.runId ?? null,
      u.nodeId ?? null,
      u.projectId,
      u.endpoint,
      u.model,
      u.promptTokens,
      u.completionTokens,
      u.cost ?? null,
      u.at ?? Date.now(),
    );
  }

  totals(filter: UsageFilter = {}): UsageTotals {
    return this.sum.get({
      projectId: filter.projectId ?? null,
      runId: filter.runId ?? null,
      nodeId: filter.nodeId ?? null,
      since: filter.since ?? null,
    })!;
  }
}

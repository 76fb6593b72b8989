import type { ChatResponse } from '../../sdk';
import type { CommandResult } from '../../sdk/node/commands';
import { countTests } from '../../sdk/node/project-tests';

export type TaskStatus = 'queued' | 'running' | 'done' | 'failed' | 'stopped' | 'reused';

/** One task as the report shows it. */
export interface TaskReport {
  id: string;
  title: string;
  owner: string;
  status: TaskStatus;
  /** Epoch milliseconds; a reused task keeps the times of the run that did it. */
  startedAt?: number;
  finishedAt?: number;
  summary?: string;
  error?: string;
}

/** What one agent did in this run. */
export interface AgentReport {
  role: string;
  tasksDone: string[];
  /** Files it wrote (and still there), relative to the workspace, sorted. */
  files: string[];
  /** Commands it ran (tests among them) and how many exited non-zero. */
  commands: { runs: number; failed: number };
  /** Tests passed and failed, as the test runners' summaries in its commands' output said. */
  tests: { passed: number; failed: number };
  /** Writes and deletes refused because the file belongs to another role. */
  refused: string[];
  /** Failures the tester reported to this role's tasks. */
  failuresReceived: number;
  tokens: { prompt: number; completion: number };
  /** US dollars; null when a model's price is unknown. */
  cost: number | null;
}

/** The `report` output. */
export interface TeamReport {
  mode: 'model' | 'offline';
  stack?: string;
  agents: AgentReport[];
  tasks: TaskReport[];
  /** How many times failing tests went back to their owners. */
  fixRounds: number;
  /** Tasks a previous run finished, not done again. */
  reused: string[];
  tokens: { prompt: number; completion: number };
  cost: number | null;
  budget?: { dollars?: number; tokens?: number };
}

export function emptyAgentReport(role: string): AgentReport {
  return { role, tasksDone: [], files: [], commands: { runs: 0, failed: 0 }, tests: { passed: 0, failed: 0 }, refused: [], failuresReceived: 0, tokens: { prompt: 0, completion: 0 }, cost: 0 };
}

const addCost = (total: number | null, cost: number | undefined) => (total === null || cost === undefined ? null : total + cost);

/** Adds one model answer to the agent's figures and the team's. */
export function countAnswer(report: TeamReport, agent: AgentReport, answer: ChatResponse): void {
  for (const r of [report, agent]) {
    r.tokens.prompt += answer.usage.promptTokens;
    r.tokens.completion += answer.usage.completionTokens;
    r.cost = addCost(r.cost, answer.usage.cost);
  }
}

/** Adds a command's result to the agent's figures: its exit, and the tests its output counts. */
export function countCommand(agent: AgentReport, result: CommandResult): void {
  agent.commands.runs++;
  if (result.exitCode !== 0) agent.commands.failed++;
  const counts = countTests(result.output);
  if (counts) {
    agent.tests.passed += counts.passed;
    agent.tests.failed += counts.failed;
  }
}

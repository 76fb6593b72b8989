import type { ChatResponse } from '../../sdk';
import type { CodeGeneratorMode } from '../definition';
import type { TestCounts } from '../../sdk/node/project-tests';

export interface VerifyResult {
  round: number;
  command: string;
  exitCode: number;
  passed: boolean;
  sandboxed: boolean;
  /** The sandbox image it ran in. */
  image?: string;
  /** Passed and failed tests, read from the output of the test runner. */
  tests?: TestCounts;
  /** The end of what it printed. */
  output: string;
}

/** The `report` output: what a person checks after the node ran. */
export interface GenerationReport {
  mode: CodeGeneratorMode;
  stack?: string;
  /** Which model answered last (the router may have fallen back). */
  endpoint?: { baseUrl: string; model: string };
  /** Files written (and still there), relative to the workspace, sorted. */
  files: string[];
  deleted: string[];
  /** Paths the model asked for that lead outside the workspace, refused. */
  refused: string[];
  rounds: number;
  verify: VerifyResult[];
  /** The tests of the last verification that counted them. */
  tests?: TestCounts;
  tokens: { prompt: number; completion: number };
  /** US dollars; null when a model's price is unknown. */
  cost: number | null;
  /** Calls answered from the response cache. */
  cachedCalls: number;
  summary?: string;
  startCommand?: string;
  testCommand?: string;
}

export function emptyReport(mode: CodeGeneratorMode, stack: string | undefined): GenerationReport {
  return {
    mode,
    ...(stack ? { stack } : {}),
    files: [],
    deleted: [],
    refused: [],
    rounds: 0,
    verify: [],
    tokens: { prompt: 0, completion: 0 },
    cost: 0,
    cachedCalls: 0,
  };
}

/** Adds one model answer's tokens and cost to the report. */
export function countCall(report: GenerationReport, answer: ChatResponse): void {
  report.endpoint = answer.endpoint;
  report.tokens.prompt += answer.usage.promptTokens;
  report.tokens.completion += answer.usage.completionTokens;
  if (answer.cached) report.cachedCalls++;
  report.cost = report.cost === null || answer.usage.cost === undefined ? null : report.cost + answer.usage.cost;
}

/** Records what was written and deleted, so the report lists the files as they ended up. */
export class FileLedger {
  private readonly writtenFiles = new Set<string>();
  private readonly removed = new Set<string>();

  /** Files written (and not deleted since) in this run. */
  get written(): ReadonlySet<string> {
    return this.writtenFiles;
  }

  wrote(path: string): void {
    this.writtenFiles.add(path);
    this.removed.delete(path);
  }

  deleted(path: string): void {
    if (!this.writtenFiles.delete(path)) this.removed.add(path);
  }

  fill(report: GenerationReport): void {
    report.files = [...this.writtenFiles].sort();
    report.deleted = [...this.removed].sort();
  }
}

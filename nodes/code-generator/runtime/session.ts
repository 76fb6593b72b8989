import type { z } from 'zod';
import { NodeError, type AgentFiles, type ChatRequest, type ChatResponse, type EndpointValue, type RunContext } from '../../sdk';
import type { codeGeneratorDefinition } from '../definition';
import { commandRunner, type CommandRunner } from '../../sdk/node/commands';
import type { GeneratedFiles } from './generated-files';
import { countCall, emptyReport, FileLedger, type GenerationReport, type VerifyResult } from './report';

export type Params = z.infer<(typeof codeGeneratorDefinition)['params']>;

/** How long the verify command may run. */
export const VERIFY_TIMEOUT_MS = 10 * 60_000;

export { normalizePath } from './paths';

/** One run of the node: its folder, its model, its command runner and the report it fills. */
export class Session {
  private agentFiles?: AgentFiles;
  readonly ledger = new FileLedger();
  readonly report: GenerationReport;
  private runner?: Promise<CommandRunner>;

  constructor(
    readonly ctx: RunContext,
    readonly params: Params,
    readonly cwd: string,
    private readonly endpoint: EndpointValue | undefined,
    /** What earlier runs made in `cwd`. */
    readonly generated: GeneratedFiles,
    /**
     * In the node's own folder, files the generator did not make were added by hand and stay;
     * a connected workspace is handed over to be changed, deletions included.
     */
    private readonly ownFolder: boolean,
  ) {
    this.report = emptyReport(params.mode, params.stack);
  }

  /** Why the model may not write or delete `relPath`, or undefined when it may. */
  refusal(relPath: string, action: 'write' | 'delete'): string | undefined {
    return this.generated.refusal(relPath, action, this.ownFolder);
  }

  /** The workspace through the jailed file tools (offline mode never needs ctx.llm). */
  get files(): AgentFiles {
    this.agentFiles ??= this.ctx.llm.files(this.cwd);
    return this.agentFiles;
  }

  /** Asks the model: the connected endpoint, or the router's choice for code generation. */
  async chat(request: Omit<ChatRequest, 'endpoint' | 'route' | 'temperature'>): Promise<ChatResponse> {
    const answer = await this.ctx.llm.chat({
      ...request,
      ...(this.endpoint
        ? { endpoint: this.endpoint }
        : { route: { task: 'code_generation', complexity: this.params.complexity } }),
      temperature: this.params.temperature,
    });
    countCall(this.report, answer);
    return answer;
  }

  commands(): Promise<CommandRunner> {
    this.runner ??= commandRunner(this.ctx, this.cwd, this.params.network);
    return this.runner;
  }

  /** Runs the verify command (when there is one) and records the result in the report. */
  async verify(round: number): Promise<VerifyResult | undefined> {
    const command = this.params.verifyCommand?.trim();
    if (!command) return undefined;
    const runner = await this.commands();
    this.ctx.log(`\n[verify, round ${round}]\n`, 'info');
    const result = await runner.run(command, { timeoutMs: VERIFY_TIMEOUT_MS });
    const verdict: VerifyResult = {
      round,
      command,
      exitCode: result.exitCode,
      passed: result.exitCode === 0,
      sandboxed: runner.sandboxed,
      output: result.output,
    };
    this.report.verify.push(verdict);
    this.ctx.log(`[verify ${verdict.passed ? 'passed' : `failed with exit code ${verdict.exitCode}`}]\n`, 'info');
    return verdict;
  }

  /**
   * Verifies a round's work. Returns the failed result when the model should get another round,
   * undefined when the work is done; throws when the last round still fails.
   */
  async verifyForRetry(round: number, advice: string): Promise<VerifyResult | undefined> {
    const verdict = await this.verify(round);
    if (!verdict || verdict.passed) return undefined;
    if (round === this.params.maxRounds) {
      throw new NodeError(
        `the verify command \`${verdict.command}\` still fails after ${round} round${round === 1 ? '' : 's'} (exit code ${verdict.exitCode}); raise maxRounds, change the blueprint, or ${advice}`,
        verdict.output,
      );
    }
    return verdict;
  }

  /** The folder's files as the model should see them when it is asked to change existing code. */
  async existing(): Promise<string[]> {
    return (await this.files.list('.')).filter((f) => !f.startsWith('…'));
  }

  finish(): { workspace: { path: string }; report: GenerationReport } {
    this.ledger.fill(this.report);
    return { workspace: { path: this.cwd }, report: this.report };
  }

  /** Records what this run made, for the next one; done whether the run succeeded or not. */
  remember(): Promise<void> {
    return this.generated.save(this.ledger.written);
  }
}

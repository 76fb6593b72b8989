import type { z } from 'zod';
import { NodeError, type AgentFiles, type ChatRequest, type ChatResponse, type EndpointValue, type RunContext } from '../../sdk';
import type { codeGeneratorDefinition } from '../definition';
import type { Language } from '../../sdk/blueprint';
import { SANDBOX_IMAGE } from '../../sdk/language-images';
import { commandRunner, type CommandRunner } from '../../sdk/node/commands';
import { countTests, defaultTestCommand, projectLanguage } from '../../sdk/node/project-tests';
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
  private readonly runners = new Map<string, Promise<CommandRunner>>();
  /** The language the node was asked for (stack, blueprint); the project's own files say first. */
  language: Language = 'node';

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

  /** The project's language: by its files once there are some, else what the node was asked for. */
  projectLanguage(): Language {
    return projectLanguage(this.cwd) ?? this.language;
  }

  /** Runs commands in the sandbox image of the project's language (one runner per image). */
  commands(): Promise<CommandRunner> {
    const image = SANDBOX_IMAGE[this.projectLanguage()];
    let runner = this.runners.get(image);
    if (!runner) {
      runner = commandRunner(this.ctx, this.cwd, this.params.network, image);
      this.runners.set(image, runner);
    }
    return runner;
  }

  /**
   * Runs the verify command, or else the project's own tests, and records the result in the
   * report. Undefined when there is nothing to run.
   */
  async verify(round: number, testCommand?: string): Promise<VerifyResult | undefined> {
    const explicit = this.params.verifyCommand?.trim();
    const language = this.projectLanguage();
    const command = explicit || testCommand || defaultTestCommand(this.cwd, language, this.params.network);
    if (!command) {
      this.ctx.log(`\n[no tests to run: the ${language} project has none yet, and no verify command is set]\n`, 'info');
      return undefined;
    }
    const runner = await this.commands();
    this.ctx.log(`\n[verify, round ${round}: \`${command}\` ${runner.sandboxed ? `in the ${language} sandbox (${runner.image})` : 'with a local shell, unsandboxed'}]\n`, 'info');
    const result = await runner.run(command, { timeoutMs: VERIFY_TIMEOUT_MS });
    if (!explicit && !runner.sandboxed && result.exitCode === 127) {
      // Without Docker the project's own tests need its tool chain here; its absence is not a failure of the code.
      this.ctx.log(`[the ${language} tests did not run: \`${command.split(' ')[0]}\` is not installed here and no Docker engine answers]\n`, 'info');
      return undefined;
    }
    const tests = countTests(result.output);
    const verdict: VerifyResult = {
      round,
      command,
      exitCode: result.exitCode,
      passed: result.exitCode === 0,
      sandboxed: runner.sandboxed,
      ...(runner.image ? { image: runner.image } : {}),
      ...(tests ? { tests } : {}),
      output: result.output,
    };
    this.report.verify.push(verdict);
    if (tests) this.report.tests = tests;
    const counted = tests ? ` (${tests.passed} passed, ${tests.failed} failed)` : '';
    this.ctx.log(`[verify ${verdict.passed ? 'passed' : `failed with exit code ${verdict.exitCode}`}${counted}]\n`, 'info');
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

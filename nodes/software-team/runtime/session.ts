import type { z } from 'zod';
import type { AgentFiles, ChatMessage, ChatResponse, EndpointValue, RunContext, ToolSpec } from '../../sdk';
import type { Language } from '../../sdk/blueprint';
import { SANDBOX_IMAGE } from '../../sdk/language-images';
import { commandRunner, type CommandRunner } from '../../sdk/node/commands';
import type { AgentTemplate } from '../agent-template';
import type { softwareTeamDefinition } from '../definition';
import { estimateTokens, TeamCredits } from './credits';
import { countAnswer, emptyAgentReport, type AgentReport, type TaskReport, type TaskStatus, type TeamReport } from './report';

export type Params = z.infer<(typeof softwareTeamDefinition)['params']>;

/** One run of the team: the workspace, the agents, the model, the credits and the report. */
export class TeamSession {
  readonly report: TeamReport;
  readonly credits: TeamCredits;
  private readonly agents = new Map<string, AgentReport>();
  private readonly written = new Map<string, Set<string>>();
  private agentFiles?: AgentFiles;
  private readonly runners = new Map<Language, Promise<CommandRunner>>();

  constructor(
    readonly ctx: RunContext,
    readonly params: Params,
    readonly cwd: string,
    readonly blueprint: string,
    readonly templates: readonly AgentTemplate[],
    private readonly endpoint: EndpointValue | undefined,
    mode: TeamReport['mode'],
  ) {
    const budget = { ...(params.budgetDollars !== undefined ? { dollars: params.budgetDollars } : {}), ...(params.budgetTokens !== undefined ? { tokens: params.budgetTokens } : {}) };
    this.credits = new TeamCredits(templates, budget);
    this.report = { mode, agents: [], tasks: [], fixRounds: 0, reused: [], tokens: { prompt: 0, completion: 0 }, cost: 0, ...(this.credits.limited ? { budget } : {}) };
    for (const t of templates) this.agent(t.role);
  }

  template(role: string): AgentTemplate {
    const found = this.templates.find((t) => t.role === role);
    if (!found) throw new Error(`no template for ${role}`);
    return found;
  }

  agent(role: string): AgentReport {
    let found = this.agents.get(role);
    if (!found) {
      found = emptyAgentReport(role);
      this.agents.set(role, found);
      this.report.agents.push(found);
    }
    return found;
  }

  /** The workspace through the jailed file tools (the offline team never needs ctx.llm). */
  get files(): AgentFiles {
    this.agentFiles ??= this.ctx.llm.files(this.cwd);
    return this.agentFiles;
  }

  /** Runs commands in the workspace, in the sandbox image of `language`. */
  commands(language: Language = 'node'): Promise<CommandRunner> {
    let runner = this.runners.get(language);
    if (!runner) {
      runner = commandRunner(this.ctx, this.cwd, this.params.network, SANDBOX_IMAGE[language]);
      this.runners.set(language, runner);
    }
    return runner;
  }

  /** Asks the model for `role`, within the role's share of the team budget. */
  async chat(role: string, taskId: string, messages: ChatMessage[], extra: { tools?: ToolSpec[]; jsonSchema?: { name: string; schema: Record<string, unknown> } } = {}): Promise<ChatResponse> {
    const template = this.template(role);
    const maxTokens = this.credits.beforeCall(role, taskId, estimateTokens(messages) + estimateTokens(extra.tools ?? []));
    const answer = await this.ctx.llm.chat({
      messages,
      ...extra,
      ...(this.endpoint
        ? { endpoint: this.endpoint }
        : { route: { task: template.model.task, complexity: this.params.complexity ?? template.model.complexity } }),
      temperature: this.params.temperature,
      ...(maxTokens !== undefined ? { maxTokens: Math.max(1, maxTokens) } : {}),
      // Parallel agents would interleave their tokens into one unreadable log.
      logTokens: false,
    });
    this.credits.record(role, answer.usage);
    countAnswer(this.report, this.agent(role), answer);
    return answer;
  }

  wrote(role: string, file: string): void {
    let set = this.written.get(role);
    if (!set) this.written.set(role, (set = new Set()));
    set.add(file);
  }

  deleted(role: string, file: string): void {
    this.written.get(role)?.delete(file);
  }

  /** Shows a task's state in the node (task events) and keeps it in the report. */
  taskState(task: { id: string; title: string; owner: string }, status: TaskStatus, extra: Partial<TaskReport> = {}): TaskReport {
    let entry = this.report.tasks.find((t) => t.id === task.id);
    if (!entry) {
      entry = { id: task.id, title: task.title, owner: task.owner, status };
      this.report.tasks.push(entry);
    }
    Object.assign(entry, extra, { status });
    this.ctx.task?.({ id: task.id, title: task.title, owner: task.owner, status, ...(entry.error ? { detail: entry.error } : entry.summary ? { detail: entry.summary } : {}) });
    return entry;
  }

  finish(design: string): { workspace: { path: string }; report: TeamReport; design: string } {
    for (const agent of this.report.agents) agent.files = [...(this.written.get(agent.role) ?? [])].sort();
    return { workspace: { path: this.cwd }, report: this.report, design };
  }
}

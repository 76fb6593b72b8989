import path from 'node:path';
import { NodeError, type ChatMessage, type ToolCall, type ToolSpec } from '../../sdk';
import { LANGUAGES, type Language } from '../../sdk/blueprint';
import type { AgentTemplate, AgentToolName } from '../agent-template';
import type { FinishedTask, TeamTask } from './checkpoint';
import { normalizePath } from '../../sdk/node/paths';
import { parseToolArgs, textArg } from '../../sdk/node/tool-args';
import { commandLanguage } from './command-language';
import { countCommand } from './report';
import type { TeamSession } from './session';

/** How long one run_command may take. */
export const COMMAND_TIMEOUT_MS = 5 * 60_000;

const TOOL_SPECS: Record<AgentToolName | 'finish', ToolSpec> = {
  list_files: {
    name: 'list_files',
    description: 'List the files under a folder of the shared workspace (default: all of it).',
    parameters: { type: 'object', properties: { path: { type: 'string' } } },
  },
  read_file: {
    name: 'read_file',
    description: 'Read a text file of the shared workspace.',
    parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
  write_file: {
    name: 'write_file',
    description: 'Create or replace a file you own (folders are made on the way).',
    parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
  },
  delete_file: {
    name: 'delete_file',
    description: 'Delete a file you own.',
    parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
  run_command: {
    name: 'run_command',
    description:
      "Run a shell command in the workspace (in a sandbox container when Docker is there) with the tools of `language`: node, python, go, java (with Maven) or rust (with cargo); without it, the language of the tool the command calls (go, cargo, mvn, python…) or of the folder it cds into, else node. Returns the exit code and the end of the output.",
    parameters: {
      type: 'object',
      properties: { command: { type: 'string' }, language: { type: 'string', enum: [...LANGUAGES] } },
      required: ['command'],
    },
  },
  report_failure: {
    name: 'report_failure',
    description: 'Report a failing test to the role that owns the failing code, with the output that shows what fails; it gets a task to fix it.',
    parameters: { type: 'object', properties: { owner: { type: 'string' }, output: { type: 'string' } }, required: ['owner', 'output'] },
  },
  finish: {
    name: 'finish',
    description: 'Say that your task is done, with a one-line summary.',
    parameters: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] },
  },
};

/**
 * Node's glob leaves out names that start with a dot (`backend/**` did not match
 * `backend/.gitignore`), so a leading dot is spelled out on both sides before matching; a
 * glob that names a dotfile (`.dockerignore`) still matches it alone.
 */
const dotsSpelled = (p: string) => p.replace(/(^|\/)\./g, '$1%dot%');

/** Whether `file` (relative, normalized) is one of the files `template` owns; nothing outside the workspace is. */
export function owns(template: AgentTemplate, file: string): boolean {
  if (file === '..' || file.startsWith('../') || path.posix.isAbsolute(file)) return false;
  return template.owns.some((glob) => path.posix.matchesGlob(dotsSpelled(file), dotsSpelled(glob)));
}

function ownerOf(session: TeamSession, file: string): string | undefined {
  return session.templates.find((t) => owns(t, file))?.role;
}

/** The first line of an agent's system message: the transcript's tab for the agent is named by it. */
export const agentHeading = (template: AgentTemplate) => `# ${template.title} (${template.role})`;

function teamBrief(session: TeamSession, template: AgentTemplate): string {
  const others = session.templates
    .filter((t) => t.role !== template.role && t.role !== 'supervisor')
    .map((t) => `- ${t.role}: ${t.goal} Owns ${t.owns.join(', ') || 'no files'}.`)
    .join('\n');
  return [
    agentHeading(template),
    template.systemPrompt,
    `Your goal: ${template.goal}`,
    `You work in a shared workspace. You may write and delete only these files: ${template.owns.join(', ') || 'none'}; a write elsewhere is refused.`,
    others ? `The rest of the team:\n${others}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}



interface TaskState {
  finished?: string;
  failures: FinishedTask['failures'];
  files: Set<string>;
}

/** One tool call, carried out; the reply (or `error: …`) is what the model reads next. */
async function runTool(session: TeamSession, template: AgentTemplate, task: TeamTask, call: ToolCall, state: TaskState): Promise<string> {
  const { ctx } = session;
  const role = template.role;
  const agent = session.agent(role);
  const args = parseToolArgs(call);
  if (typeof args === 'string') return args;
  const allowed = [...template.tools, 'finish'];
  if (!allowed.includes(call.name)) {
    return `error: ${role} has no tool "${call.name}"; yours are ${allowed.join(', ')}`;
  }
  const show = (line: string) => ctx.log(`[${role} · ${task.id}] ${line}\n`, 'info');
  const refuseOutside = (p: string, action: string) => {
    const file = normalizePath(p);
    if (owns(template, file)) return file;
    agent.refused.push(file);
    const owner = ownerOf(session, file);
    show(`✗ ${action} ${file} refused: not ${role}'s file`);
    throw new Error(
      `${role} may not ${action} ${file}: ${owner ? `it belongs to ${owner}` : 'no role owns it'}; you own ${template.owns.join(', ') || 'no files'}. Leave it, or say in your finish summary what ${owner ?? 'the team'} should change`,
    );
  };
  try {
    switch (call.name) {
      case 'list_files': {
        const where = typeof args.path === 'string' && args.path ? args.path : '.';
        const found = await session.files.list(where);
        return found.length ? found.join('\n') : '(no files)';
      }
      case 'read_file':
        return await session.files.read(textArg(args, 'path'));
      case 'write_file': {
        const file = refuseOutside(textArg(args, 'path'), 'write');
        const content = textArg(args, 'content');
        await session.files.write(file, content);
        session.wrote(role, file);
        state.files.add(file);
        show(`write_file ${file}`);
        return `wrote ${file}`;
      }
      case 'delete_file': {
        const file = refuseOutside(textArg(args, 'path'), 'delete');
        await session.files.remove(file);
        session.deleted(role, file);
        state.files.delete(file);
        show(`delete_file ${file}`);
        return `deleted ${file}`;
      }
      case 'run_command': {
        const command = textArg(args, 'command');
        const language = args.language ?? commandLanguage(command, session.cwd);
        if (!LANGUAGES.includes(language as Language)) throw new Error(`"language" must be one of ${LANGUAGES.join(', ')}`);
        show(`run_command (${language}) ${command}`);
        const runner = await session.commands(language as Language);
        const result = await runner.run(command, { timeoutMs: COMMAND_TIMEOUT_MS });
        countCommand(agent, result);
        return `exit code ${result.exitCode}\n${result.output}`;
      }
      case 'report_failure': {
        const owner = textArg(args, 'owner');
        const output = textArg(args, 'output');
        const roles = session.templates.map((t) => t.role).filter((r) => r !== 'supervisor' && r !== role);
        if (!roles.includes(owner)) throw new Error(`"${owner}" is not on the team; report to one of ${roles.join(', ')}`);
        state.failures.push({ owner, output });
        show(`report_failure → ${owner}`);
        return `reported to ${owner}; it will get a task to fix it`;
      }
      case 'finish':
        state.finished = typeof args.summary === 'string' ? args.summary : '';
        return 'noted';
      default:
        return `error: there is no tool "${call.name}"`;
    }
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    return `error: ${(err as Error).message}`;
  }
}

/** What the agent reads first: the blueprint, the design, its task and the files there are. */
async function taskMessage(session: TeamSession, design: string, task: TeamTask): Promise<string> {
  const files = (await session.files.list('.')).filter((f) => !f.startsWith('…'));
  return [
    `# Blueprint\n${session.blueprint}`,
    `# Design\n${design}`,
    `# Your task: ${task.id} — ${task.title}\n${task.description}`,
    `# Files in the workspace\n${files.length ? files.join('\n') : '(none yet)'}`,
  ].join('\n\n');
}

/**
 * One task by one agent: the model works through tool calls until it calls finish (or answers
 * in words only), within its template's maxRounds model calls and its role's credits.
 */
export async function runAgentTask(session: TeamSession, design: string, task: TeamTask): Promise<Omit<FinishedTask, 'startedAt' | 'finishedAt'>> {
  const template = session.template(task.owner);
  const tools = [...template.tools, 'finish' as const].map((name) => TOOL_SPECS[name]);
  const messages: ChatMessage[] = [
    { role: 'system', content: teamBrief(session, template) },
    { role: 'user', content: await taskMessage(session, design, task) },
  ];
  const state: TaskState = { failures: [], files: new Set() };
  for (let call = 1; state.finished === undefined; call++) {
    if (call > template.maxRounds) {
      throw new NodeError(
        `agent ${template.role}: task "${task.id}" took ${template.maxRounds} model calls without finishing; raise maxRounds in the ${template.role} template, or split the task`,
      );
    }
    const answer = await session.chat(template.role, task.id, messages, { tools });
    messages.push({ role: 'assistant', content: answer.content, ...(answer.toolCalls.length ? { toolCalls: answer.toolCalls } : {}) });
    if (!answer.toolCalls.length) state.finished = answer.content.trim();
    for (const toolCall of answer.toolCalls) {
      const reply = await runTool(session, template, task, toolCall, state);
      messages.push({ role: 'tool', toolCallId: toolCall.id, content: reply });
    }
  }
  return { summary: state.finished, failures: state.failures, files: [...state.files].sort() };
}

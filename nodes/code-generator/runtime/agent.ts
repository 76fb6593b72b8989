import { NodeError, type ChatMessage, type ToolCall } from '../../sdk';
import { AGENT_TOOLS, agentSystemPrompt, blueprintMessage, verifyFailedMessage } from '../prompts';
import { normalizePath, type Session } from './session';
import { parseToolArgs, textArg } from '../../sdk/node/tool-args';

/** Tool calls one round may make before the model is told to stop and the node fails. */
export const MAX_STEPS_PER_ROUND = 60;
/** How long one run_command may take. */
export const COMMAND_TIMEOUT_MS = 5 * 60_000;

function size(content: string): string {
  const n = new TextEncoder().encode(content).length;
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} kB`;
}

/**
 * One tool call, carried out. Returns what the model reads back: the result, or `error: …` with
 * what went wrong (a path outside the workspace included), so it can correct itself.
 */
async function runTool(session: Session, call: ToolCall): Promise<{ reply: string; finished?: string }> {
  const { ctx, files, ledger, report } = session;
  const args = parseToolArgs(call);
  if (typeof args === 'string') return { reply: args };
  const show = (line: string) => ctx.log(`\n→ ${line}\n`, 'info');
  try {
    switch (call.name) {
      case 'list_files': {
        const where = typeof args.path === 'string' && args.path ? args.path : '.';
        show(`list_files ${where}`);
        const found = await files.list(where);
        return { reply: found.length ? found.join('\n') : '(no files)' };
      }
      case 'read_file': {
        const p = textArg(args, 'path');
        show(`read_file ${p}`);
        return { reply: await files.read(p) };
      }
      case 'write_file': {
        const p = textArg(args, 'path');
        const content = textArg(args, 'content');
        show(`write_file ${p} (${size(content)})`);
        const refused = session.refusal(p, 'write');
        if (refused) throw new Error(refused);
        await files.write(p, content);
        ledger.wrote(normalizePath(p));
        return { reply: `wrote ${p} (${size(content)})` };
      }
      case 'delete_file': {
        const p = textArg(args, 'path');
        show(`delete_file ${p}`);
        const refused = session.refusal(p, 'delete');
        if (refused) throw new Error(refused);
        await files.remove(p);
        ledger.deleted(normalizePath(p));
        return { reply: `deleted ${p}` };
      }
      case 'run_command': {
        const command = textArg(args, 'command');
        const runner = await session.commands();
        const result = await runner.run(command, { timeoutMs: COMMAND_TIMEOUT_MS });
        return { reply: `exit code ${result.exitCode}\n${result.output}` };
      }
      case 'finish': {
        const summary = typeof args.summary === 'string' ? args.summary : '';
        show(`finish: ${summary}`);
        return { reply: 'noted', finished: summary };
      }
      default:
        return { reply: `error: there is no tool "${call.name}"; the tools are ${AGENT_TOOLS.map((t) => t.name).join(', ')}` };
    }
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    const message = (err as Error).message;
    if ((err as Error).name === 'OutsideWorkspaceError' && typeof args.path === 'string') report.refused.push(args.path);
    ctx.log(`  ✗ ${message}\n`, 'info');
    return { reply: `error: ${message}` };
  }
}

/**
 * The agent: the model works through tool calls until it calls finish (or answers without a
 * tool call); then the verify command runs, and its failure starts another round with the
 * output, up to maxRounds. The conversation is kept as the run's transcript by ctx.llm.
 */
export async function runAgent(session: Session, blueprint: string): Promise<void> {
  const { params, report } = session;
  const existing = await session.existing();
  const messages: ChatMessage[] = [
    {
      role: 'system',
      content: agentSystemPrompt({ stack: params.stack, verifyCommand: params.verifyCommand, existingFiles: existing }),
    },
    { role: 'user', content: blueprintMessage(blueprint, existing.length ? `Files:\n${existing.join('\n')}` : '') },
  ];

  for (let round = 1; round <= params.maxRounds; round++) {
    report.rounds = round;
    session.ctx.log(`\n[round ${round} of ${params.maxRounds}]\n`, 'info');
    session.ctx.progress?.({ done: round - 1, total: params.maxRounds, label: `round ${round} of ${params.maxRounds}` });
    let finished: string | undefined;
    for (let step = 1; finished === undefined; step++) {
      if (step > MAX_STEPS_PER_ROUND) {
        throw new NodeError(
          `the model made ${MAX_STEPS_PER_ROUND} tool calls in round ${round} without calling finish; give it a smaller job, or a stronger model`,
        );
      }
      const answer = await session.chat({ messages, tools: AGENT_TOOLS });
      messages.push({ role: 'assistant', content: answer.content, ...(answer.toolCalls.length ? { toolCalls: answer.toolCalls } : {}) });
      // A model that answers in words only has nothing more to do.
      if (!answer.toolCalls.length) finished = answer.content.trim();
      for (const call of answer.toolCalls) {
        const { reply, finished: summary } = await runTool(session, call);
        messages.push({ role: 'tool', toolCallId: call.id, content: reply });
        if (summary !== undefined) finished = summary;
      }
    }
    report.summary = finished;

    const verdict = await session.verifyForRetry(round, 'try a stronger model');
    if (!verdict) return;
    messages.push({ role: 'user', content: verifyFailedMessage(verdict.command, verdict.exitCode, verdict.output, round + 1, params.maxRounds) });
  }
}

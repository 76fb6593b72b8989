import { stripVTControlCharacters } from 'node:util';
import { defineRuntime, NodeError, type WorkspaceValue } from '../sdk';
import { shellDefinition, STDOUT_LIMIT_BYTES } from './definition';
import { lastLines, OutputTail } from '../sdk/node/terminal-text';
import { progressLines } from './progress-lines';

/** Lines of output shown under the error when the command fails. */
const ERROR_TAIL_LINES = 40;

/** The command as a terminal would show it typed: `$ ` before the first line, `> ` before the rest. */
function echoed(command: string): string {
  return command
    .trimEnd()
    .split('\n')
    .map((line, i) => `${i === 0 ? '$' : '>'} ${line}`)
    .join('\n');
}

export const shellRuntime = defineRuntime(shellDefinition, async ({ inputs, params, ctx }) => {
  const connected = inputs.workspace as WorkspaceValue | undefined;
  const cwd = connected?.path ?? (await ctx.workspace());
  // Only the command is logged: env values may hold secrets.
  ctx.log(`${echoed(params.command)}\n`, 'info');

  const tail = new OutputTail(STDOUT_LIMIT_BYTES);
  const progress = progressLines((p) => ctx.progress?.(p), stripVTControlCharacters);
  const result = await ctx.pty.run({
    command: params.command,
    cwd,
    env: params.env,
    input: typeof inputs.input === 'string' ? inputs.input : undefined,
    signal: ctx.signal,
    onData: (chunk) => {
      tail.push(chunk);
      ctx.log(chunk, 'stdout');
      progress(chunk);
    },
  });

  const stdout = tail.text();
  if (result.exitCode !== 0) {
    const how = result.signal ? ` (ended by ${result.signal})` : '';
    throw new NodeError(
      `command exited with code ${result.exitCode}${how}`,
      lastLines(stdout, ERROR_TAIL_LINES) || '(the command printed nothing)',
    );
  }
  return { workspace: { path: cwd }, stdout, exitCode: result.exitCode };
});

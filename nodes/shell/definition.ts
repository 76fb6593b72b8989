import { z } from 'zod';
import type { KeyResult } from '../sdk/key-result';
import { defineNode, firstLine, flag } from '../sdk';

/** How much of the output the `stdout` port keeps: the end is where the result and errors are. */
export const STDOUT_LIMIT_BYTES = 64 * 1024;

export const shellDefinition = defineNode({
  kind: 'shell',
  version: 1,
  title: 'Shell command',
  category: 'Basics',
  description:
    'Runs shell commands in a workspace folder (a fresh empty one when none is connected): build, test, generate, anything your machine can run. Fails when the command exits with an error, showing the end of its output. A line `::progress 3/7 label` it prints shows as a progress bar on the node; without one, the tests a test runner lists as passed are counted there.',
  icon: 'terminal',
  inputs: [
    {
      name: 'workspace',
      type: 'workspace',
      optional: true,
      description: 'The folder to run in; a fresh empty folder when left unconnected',
    },
    {
      name: 'input',
      type: 'text',
      optional: true,
      description: "Text given to the command on its standard input (like `echo text | command`)",
    },
  ],
  outputs: [
    {
      name: 'workspace',
      type: 'workspace',
      description: 'The folder the command ran in, with whatever it created or changed',
    },
    {
      name: 'stdout',
      type: 'text',
      description:
        'The last 64 KiB of what the command printed (standard output and errors together), without colour codes',
    },
    { name: 'exitCode', type: 'json', description: 'The exit code of the command (0 when it succeeded)' },
  ],
  params: z.object({
    command: z
      .string()
      .min(1, 'enter the command to run')
      .describe(
        'The commands to run, one per line, with /bin/sh (cmd.exe on Windows). The node fails if the last one exits with an error; start with `set -e` to stop at the first failing line.',
      )
      .meta(flag({ role: 'command', unsandboxed: 'runs on this machine as you, in a terminal, without a sandbox' })),
    env: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable names are letters, digits and _, not starting with a digit'),
        z.string(),
      )
      .optional()
      .describe('Environment variables for the command, added to those Pipewright runs with. Their values are never written to the log.')
      .meta(flag({ role: 'environment' })),
  }),
  summary: (params) => firstLine(params.command),
  keyResult: (outputs): KeyResult => ({ text: `exit ${String(outputs.exitCode)}`, tone: outputs.exitCode === 0 ? 'good' : 'bad' }),
});

import type { ToolSpec } from '../sdk';

/** What the model is told and the tools it gets. Kept apart from the loop so both read plainly. */

const pathParam = { type: 'string', description: 'A path relative to the project folder, such as src/index.js' };

export const AGENT_TOOLS: ToolSpec[] = [
  {
    name: 'list_files',
    description: 'Lists the files under a folder of the project (the whole project by default), one path per line.',
    parameters: { type: 'object', properties: { path: { ...pathParam, description: 'A folder; "." for the whole project' } }, additionalProperties: false },
  },
  {
    name: 'read_file',
    description: 'Returns the text of a file of the project.',
    parameters: { type: 'object', properties: { path: pathParam }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'write_file',
    description: 'Creates or replaces a file of the project with the given text; folders are created as needed.',
    parameters: {
      type: 'object',
      properties: { path: pathParam, content: { type: 'string', description: 'The whole new content of the file' } },
      required: ['path', 'content'],
      additionalProperties: false,
    },
  },
  {
    name: 'delete_file',
    description: 'Deletes a file (or a folder and everything in it) of the project.',
    parameters: { type: 'object', properties: { path: pathParam }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'run_command',
    description:
      'Runs a shell command in the project folder and returns its exit code and the end of its output. Use it to install dependencies, build and run tests.',
    parameters: {
      type: 'object',
      properties: { command: { type: 'string', description: 'A /bin/sh command line' } },
      required: ['command'],
      additionalProperties: false,
    },
  },
  {
    name: 'finish',
    description: 'Call when the project is complete and its tests pass. Say in one or two sentences what you built.',
    parameters: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'], additionalProperties: false },
  },
];

/** The shape a single-shot answer must have (requested as structured output). */
export const FILES_SCHEMA = {
  name: 'project_files',
  schema: {
    type: 'object',
    properties: {
      files: {
        type: 'array',
        items: {
          type: 'object',
          properties: { path: { type: 'string' }, content: { type: 'string' } },
          required: ['path', 'content'],
          additionalProperties: false,
        },
      },
      delete: { type: 'array', items: { type: 'string' } },
      summary: { type: 'string' },
    },
    required: ['files', 'summary'],
    additionalProperties: false,
  },
};

export interface PromptContext {
  stack?: string;
  verifyCommand?: string;
  /** The files already in the folder, when the node works on existing code. */
  existingFiles: string[];
}

function common(c: PromptContext): string {
  const lines = [
    'Build what the blueprint describes as a complete, working project: the source code, tests for it, and a README.md that says how to install, start and test it.',
    'Paths are relative to the project folder; nothing outside it can be reached.',
  ];
  if (c.stack) lines.push(`Use this stack: ${c.stack}.`);
  if (c.verifyCommand) lines.push(`Your work is checked by running \`${c.verifyCommand}\` in the project folder; it must succeed.`);
  else {
    lines.push(
      "Your work is checked by running the project's own tests, without network, in a container of its language: `npm test` (Node), `python3 -m unittest discover` or pytest (Python), `go test ./...` (Go), `mvn test` (Java), `cargo test` (Rust). They must pass.",
    );
  }
  if (c.existingFiles.length) {
    lines.push('The folder already holds a project: change it as the blueprint asks, keeping what still fits.');
  }
  return lines.join('\n');
}

export function agentSystemPrompt(c: PromptContext): string {
  return [
    'You are a careful software engineer working in a project folder through tools.',
    common(c),
    'Work in small steps: look at what is there, write the files, run the tests with run_command, fix what fails. Call finish when you are done.',
  ].join('\n');
}

export function singleShotSystemPrompt(c: PromptContext): string {
  return [
    'You are a careful software engineer. You answer with the files of a project, as JSON only:',
    '{"files": [{"path": "relative/path", "content": "the whole file"}], "summary": "what you built"}',
    'No Markdown and no text around the JSON.',
    common(c),
    ...(c.existingFiles.length ? ['To remove files of the project that no longer fit, add "delete": ["relative/path", ...] to the JSON.'] : []),
  ].join('\n');
}

export function blueprintMessage(blueprint: string, existing: string): string {
  return existing ? `Blueprint:\n\n${blueprint}\n\nThe project as it is now:\n\n${existing}` : `Blueprint:\n\n${blueprint}`;
}

export function verifyFailedMessage(command: string, exitCode: number, output: string, nextRound: number, maxRounds: number): string {
  return [
    `The check \`${command}\` failed with exit code ${exitCode} (round ${nextRound - 1} of ${maxRounds}). The end of its output:`,
    '',
    output || '(it printed nothing)',
    '',
    'Find the cause and fix the project.',
  ].join('\n');
}

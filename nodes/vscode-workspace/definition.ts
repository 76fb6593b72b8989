import { z } from 'zod';
import { defineNode, flag } from '../sdk';

export const VSCODE_ASSISTANTS = ['continue', 'kilo-code', 'none'] as const;
export type VscodeAssistant = (typeof VSCODE_ASSISTANTS)[number];

/**
 * The public code-server image, pinned: the configuration this node writes (settings paths,
 * flags) is checked against this version. The images.codeServer setting or the `image` param
 * choose another.
 */
export const DEFAULT_CODE_SERVER_IMAGE = 'codercom/code-server:4.139.1';

/** An Open VSX id (publisher.name, optionally @version) or a path to a .vsix file on this machine. */
const EXTENSION_PATTERN = /^(?:[A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9._-]*(?:@[0-9][0-9A-Za-z.+-]*)?|.+\.vsix)$/;

export const vscodeWorkspaceDefinition = defineNode({
  kind: 'vscode-workspace',
  version: 1,
  title: 'VS Code workspace',
  category: 'Workspace',
  description:
    "Opens the workspace in VS Code in your browser (code-server), with an AI assistant — Continue or Kilo Code — already pointed at the pipeline's model and the blueprint in the workspace as BLUEPRINT.md. It is protected by a password Pipewright generates and keeps in your secrets, and stays running after the run (listed in Services) until you stop it. Running it again with the same settings reuses it.",
  icon: 'square-code',
  inputs: [
    { name: 'workspace', type: 'workspace', description: 'The folder to open' },
    {
      name: 'endpoint',
      type: 'endpoint',
      optional: true,
      description: "The model the assistant talks to (its key stays a secret); without one the assistant is installed unconfigured",
    },
    {
      name: 'blueprint',
      type: 'text',
      optional: true,
      description: 'What the project should become: written to BLUEPRINT.md, given to the assistant as rules (Continue) or as its first task (Kilo Code)',
    },
  ],
  outputs: [
    {
      name: 'service',
      type: 'service',
      description: 'The running VS Code: its URL (http://127.0.0.1:PORT; the password is in your secrets) and name',
    },
  ],
  params: z.object({
    assistant: z
      .enum(VSCODE_ASSISTANTS)
      .default('continue')
      .describe('The AI assistant to install and configure: Continue (chat, edit, apply), Kilo Code (an agent that starts on the blueprint), or none'),
    runtime: z
      .enum(['docker', 'local'])
      .default('docker')
      .describe(
        'docker: code-server in a sandboxed container with the workspace bound in (needs Docker) · local: code-server as a process on this machine, unsandboxed (install it with .ci/tools/install-code-server.sh)',
      )
      .meta(flag({ unsandboxed: { local: 'code-server runs as a process on this machine, unsandboxed, with the workspace open' } })),
    image: z
      .string()
      .trim()
      .optional()
      .describe(`The code-server image the docker runtime runs (default: the images.codeServer setting, ${DEFAULT_CODE_SERVER_IMAGE})`)
      .meta(flag({ role: 'image' })),
    extensions: z
      .array(z.string().trim().regex(EXTENSION_PATTERN, 'an extension is an Open VSX id such as publisher.name (optionally @version) or a path ending in .vsix'))
      .optional()
      .describe("More extensions to install: Open VSX ids (publisher.name or publisher.name@version) or paths to .vsix files; the assistant's own is added")
      .meta(flag({ role: 'download' })),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .optional()
      .describe('Port on 127.0.0.1 to serve VS Code on; a free one when empty')
      .meta(flag({ role: 'port' })),
    keep: z
      .boolean()
      .default(true)
      .describe('Keep VS Code running after the run (listed in Services); off: it is stopped when the run ends'),
    startTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(180_000)
      .describe('How long code-server gets to install its extensions and answer, in milliseconds'),
  }),
  // VS Code must be checked (and restarted if gone) on every run; what is reused is the server.
  images: [
    {
      name: 'codeServer',
      default: DEFAULT_CODE_SERVER_IMAGE,
      title: 'VS Code (code-server)',
      description: "What the VS Code workspace's docker runtime runs",
    },
  ],
  summary: (params) => `${params.assistant} · ${params.runtime}`,
  cache: false,
  service: true,
});

import { z } from 'zod';
import { joinResults, spendText, testsResult } from '../sdk/key-result';
import { defineNode, flag, LLM_COMPLEXITIES } from '../sdk';
import { LANGUAGE_IMAGES } from '../sdk/language-images';

export const CODE_GENERATOR_MODES = ['single-shot', 'agent', 'offline'] as const;
export type CodeGeneratorMode = (typeof CODE_GENERATOR_MODES)[number];

export const codeGeneratorDefinition = defineNode({
  kind: 'code-generator',
  version: 1,
  title: 'Code generator',
  category: 'AI',
  description:
    'Turns a blueprint (what the application should do) into a working project folder. With a model: in one answer (single-shot), or as an agent that writes files, runs commands and fixes what the verify command reports. Without one (offline): a ready-made REST API in Node, Python, Go, Java or Rust, or a static site, shaped by the blueprint. Every mode runs the project\'s tests in the sandbox image of its language before it finishes.',
  icon: 'factory',
  inputs: [
    { name: 'blueprint', type: 'text', description: 'What to build: name, purpose, the resources or pages it has, the stack' },
    {
      name: 'endpoint',
      type: 'endpoint',
      optional: true,
      description: 'The model to use; when unconnected, the router picks one for code generation (see pipewright endpoint)',
    },
    {
      name: 'workspace',
      type: 'workspace',
      optional: true,
      description: 'Existing code to change instead of starting in a fresh folder',
    },
  ],
  outputs: [
    { name: 'workspace', type: 'workspace', description: 'The project folder' },
    {
      name: 'report',
      type: 'report',
      description: 'Files written, rounds, verify results, tokens and cost',
    },
  ],
  params: z.object({
    mode: z
      .enum(CODE_GENERATOR_MODES)
      .default('agent')
      .describe(
        'agent: the model works with file and command tools, then the verify command checks it, round after round · single-shot: the whole project in one answer · offline: no model, a scaffold from the blueprint',
      )
      .meta(flag({ unsandboxed: { agent: "the agent's commands run on this machine, unsandboxed, when no Docker engine answers" }, needsModel: ['agent', 'single-shot'] })),
    stack: z
      .string()
      .optional()
      .describe(
        'What to build with. Offline: node-api, python-api, go-api, java-api, rust-api or static-site (from the language the blueprint names when empty). With a model: any description, such as "TypeScript + Express" or "Go"',
      ),
    maxRounds: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(4)
      .describe('How many times the model may try again after the verify command fails'),
    verifyCommand: z
      .string()
      .optional()
      .describe("A command that checks the result, such as `npm install && npm test`; the node fails while it fails. Empty: the project's own tests (npm test, unittest or pytest, go test, mvn test, cargo test) when it has them")
      .meta(flag({ role: 'command', unsandboxed: 'runs on this machine, unsandboxed, when no Docker engine answers' })),
    network: z
      .boolean()
      .default(false)
      .describe("Let the agent's commands and the verify command use the network (to install packages) when they run in a sandbox container"),
    complexity: z
      .enum(LLM_COMPLEXITIES)
      .default('medium')
      .describe('How hard the job is; the router uses it to pick a model when no endpoint is connected'),
    temperature: z
      .number()
      .min(0)
      .max(2)
      .default(0)
      .describe('0 gives repeatable answers, and lets the response cache answer a repeat without asking the model'),
  }),
  images: [
    {
      name: 'sandbox',
      default: 'node:20-slim',
      title: 'Sandbox for commands',
      description: "The image a Node project's commands (the agent's and the tests) run in, with the workspace mounted",
    },
    LANGUAGE_IMAGES.python,
    LANGUAGE_IMAGES.go,
    LANGUAGE_IMAGES.java,
    LANGUAGE_IMAGES.rust,
  ],
  summary: (params) => [params.mode, params.stack].filter(Boolean).join(' · '),
  keyResult: ({ report }) => {
    const r = report as { files?: unknown[]; rounds?: number; tests?: unknown };
    const files = r.files?.length ?? 0;
    return joinResults(`${files} file${files === 1 ? '' : 's'}`, r.rounds ? `${r.rounds} round${r.rounds === 1 ? '' : 's'}` : undefined, testsResult(r.tests), spendText(report));
  },
});

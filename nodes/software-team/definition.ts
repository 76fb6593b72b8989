import { z } from 'zod';
import { joinResults, spendText } from '../sdk/key-result';
import { defineNode, flag, LLM_COMPLEXITIES } from '../sdk';
import { DOCKERFILE_IMAGES } from '../sdk/language-images';
import { BUNDLED_ROLES, ROLE_NAME } from './agent-template';

export const SOFTWARE_TEAM_MODES = ['auto', 'model', 'offline'] as const;

export const softwareTeamDefinition = defineNode({
  kind: 'software-team',
  version: 1,
  title: 'Software team',
  category: 'AI',
  description:
    'A supervisor splits the blueprint into a design and tasks for specialist agents (architect, backend, frontend, tester, devops, or your own from JSON templates). Independent tasks run in parallel, each agent writes only the files it owns, test failures go back to their owner, and finished tasks are kept so a rerun does only the rest. Without a model it composes the offline scaffolds.',
  icon: 'users',
  inputs: [
    { name: 'blueprint', type: 'text', description: 'What to build: name, purpose, the resources or pages it has, the stack' },
    {
      name: 'endpoint',
      type: 'endpoint',
      optional: true,
      description: "The model every agent uses; when unconnected, the router picks one per agent from its template's task and complexity",
    },
    { name: 'workspace', type: 'workspace', optional: true, description: 'Existing code the team changes instead of starting in a fresh folder' },
  ],
  outputs: [
    { name: 'workspace', type: 'workspace', description: 'The project folder' },
    { name: 'report', type: 'report', description: 'Per agent: tasks done, files, test runs, tokens and cost; per task: owner, status and times' },
    { name: 'design', type: 'text', description: "The supervisor's design: modules, interfaces, the language of each part" },
  ],
  params: z.object({
    mode: z
      .enum(SOFTWARE_TEAM_MODES)
      .default('auto')
      .describe('auto: the agents work with a model when one is connected or routed, otherwise offline · model: always a model · offline: no model, the offline scaffolds composed')
      .meta(flag({ unsandboxed: { auto: "agents' commands run on this machine, unsandboxed, when no Docker engine answers", model: "agents' commands run on this machine, unsandboxed, when no Docker engine answers" }, needsModel: ['model'] })),
    roles: z
      .array(z.string().regex(ROLE_NAME))
      .min(1)
      .default([...BUNDLED_ROLES])
      .describe('Who takes part: bundled roles (supervisor, architect, backend, frontend, tester, devops) or your own templates in the data folder\'s agents/; the supervisor always leads'),
    parallel: z.number().int().min(1).max(16).default(3).describe('How many tasks may run at once when their dependencies are done'),
    fixRounds: z.number().int().min(0).max(10).default(2).describe('How many times failing tests go back to their owners before the node fails'),
    budgetDollars: z.number().positive().optional().describe("The team's budget in US dollars, split among the roles by their templates' weights (on top of the project's budget)"),
    budgetTokens: z.number().int().positive().optional().describe("The team's budget in tokens (prompt + completion), split among the roles by their templates' weights"),
    network: z.boolean().default(false).describe("Let the agents' commands use the network (to install packages) when they run in a sandbox container"),
    complexity: z.enum(LLM_COMPLEXITIES).optional().describe("Overrides every template's complexity when the router picks the models"),
    temperature: z.number().min(0).max(2).default(0).describe('0 gives repeatable answers, and lets the response cache answer a repeat'),
  }),
  images: [
    {
      name: 'sandbox',
      default: 'node:20-slim',
      title: 'Sandbox for commands',
      description: "The image a Node project's commands (the agents' and the tests) run in, with the workspace mounted",
    },
    // Build & Deploy's: the offline devops agent builds on them (and Python's, Go's, Java's and
    // Rust's are also the sandboxes of those languages' commands).
    ...DOCKERFILE_IMAGES,
  ],
  summary: (params) => [params.mode, params.roles.join(', ')].join(' · '),
  keyResult: ({ report }) => {
    const tasks = (report as { tasks?: { status: string }[] }).tasks ?? [];
    const done = tasks.filter((t) => t.status === 'done' || t.status === 'reused').length;
    return joinResults(tasks.length ? { text: `${done}/${tasks.length} tasks`, tone: done === tasks.length ? 'good' : 'bad' } : undefined, spendText(report));
  },
});

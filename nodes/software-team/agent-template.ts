import { z } from 'zod';
import { LLM_COMPLEXITIES, LLM_TASKS } from '../sdk';

/** What an agent may do in the shared workspace; `finish` is always there. */
export const AGENT_TOOL_NAMES = ['list_files', 'read_file', 'write_file', 'delete_file', 'run_command', 'report_failure'] as const;
export type AgentToolName = (typeof AGENT_TOOL_NAMES)[number];

/** The roles Pipewright ships a template for (resources/agents/<role>.json). */
export const BUNDLED_ROLES = ['supervisor', 'architect', 'backend', 'frontend', 'tester', 'devops'] as const;

export const ROLE_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * An agent described as data: a JSON file turned into a working agent. Users add their own in
 * the data folder's agents/ with the same fields; a template for a bundled role replaces it.
 */
export const agentTemplateSchema = z
  .object({
    role: z.string().regex(ROLE_NAME, 'a role is lower case letters, digits and -, starting with a letter'),
    title: z.string().min(1).max(80),
    goal: z.string().min(1).max(2000),
    systemPrompt: z.string().min(1).max(20_000),
    tools: z.array(z.enum(AGENT_TOOL_NAMES)).max(AGENT_TOOL_NAMES.length),
    /** Globs (relative to the workspace) of the files this agent may write or delete. */
    owns: z.array(z.string().min(1).max(200)).max(50),
    model: z.object({ task: z.enum(LLM_TASKS), complexity: z.enum(LLM_COMPLEXITIES) }).strict(),
    /** Model calls one task may take before it is stopped. */
    maxRounds: z.number().int().min(1).max(100),
    /** This role's share of the team budget, against the other roles' weights. */
    creditWeight: z.number().positive().max(100).default(1),
  })
  .strict();

export type AgentTemplate = z.infer<typeof agentTemplateSchema>;

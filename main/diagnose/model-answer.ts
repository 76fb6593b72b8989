import { z } from 'zod';
import type { ChatRequest, ChatResponse } from '../../nodes/sdk';
import type { DiagnoseContext, Diagnosis } from './diagnosis';

/** The one call a diagnosis needs: the LLM service's chat, as the caller it is made for. */
export type DiagnoseChat = (request: ChatRequest) => Promise<ChatResponse>;

const Answer = z.object({
  cause: z.string().min(1),
  evidence: z.array(z.string()).default([]),
  fix: z.string().min(1),
  confidence: z.enum(['high', 'medium', 'low']).default('medium'),
  fixInWorkspace: z.boolean().default(false),
});

const SCHEMA = {
  type: 'object',
  properties: {
    cause: { type: 'string', description: 'the likely cause, one sentence' },
    evidence: { type: 'array', items: { type: 'string' }, description: 'the log or error lines that show it, verbatim' },
    fix: { type: 'string', description: 'what to change, concretely' },
    confidence: { type: 'string', enum: ['high', 'medium', 'low'] },
    fixInWorkspace: { type: 'boolean', description: "true when the fix is a change to files of the node's workspace" },
  },
  required: ['cause', 'evidence', 'fix', 'confidence', 'fixInWorkspace'],
  additionalProperties: false,
} as const;

const SYSTEM = `You diagnose a failed node of a Pipewright pipeline (a local software factory: Docker builds and deployments, git, code generation, model servers).
Answer with one JSON object only: {"cause", "evidence" (lines quoted verbatim from the error or log), "fix", "confidence" ("high" | "medium" | "low"), "fixInWorkspace" (true when the fix is a change to files of the workspace)}.`;

/** The failure as the model reads it: error, log tail, params and files, each under a heading. */
export function promptOf(c: DiagnoseContext): string {
  const files = c.files.map((f) => `--- ${f.path}\n${f.text}`).join('\n');
  return [
    `Node "${c.nodeId}" (kind ${c.kind}) failed.`,
    `Error:\n${c.error || '(none recorded)'}`,
    `Log tail:\n${c.logTail || '(empty)'}`,
    `Params:\n${JSON.stringify(c.params, null, 2)}`,
    files ? `Workspace files:\n${files}` : 'No workspace files.',
  ].join('\n\n');
}

/**
 * Asks the model routed for `troubleshooting` for a structured diagnosis. Temperature 0, so a
 * repeat is answered from the response cache; the LLM service counts its cost like any call.
 */
export async function askModel(chat: DiagnoseChat, c: DiagnoseContext): Promise<Diagnosis> {
  const response = await chat({
    route: { task: 'troubleshooting' },
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: promptOf(c) },
    ],
    temperature: 0,
    // A diagnosis is a few sentences; a local model left unbounded may write for minutes.
    maxTokens: 1200,
    jsonSchema: { name: 'diagnosis', schema: SCHEMA },
    logTokens: false,
  });
  const json = /\{[\s\S]*\}/.exec(response.content)?.[0];
  let parsed: ReturnType<typeof Answer.safeParse> | undefined;
  try {
    parsed = json ? Answer.safeParse(JSON.parse(json)) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) {
    throw new Error(
      `the model (${response.endpoint.model} at ${response.endpoint.baseUrl}) did not answer with a diagnosis (cause, evidence, fix); it said: ${response.content.slice(0, 200)}`,
    );
  }
  return { source: 'model', ...parsed.data };
}

import { z } from 'zod';
import { definitionsByKind } from '../../../nodes/definitions';
import { PipelineSchema, type ChatMessage, type ChatRequest, type ChatResponse, type Pipeline } from '../../../nodes/sdk';
import type { AskStep } from '../../../preload/contract';
import { DraftEditor, stepKindsMissing, TOOL_SPECS } from './draft-tools';

/** The model's side: one chat call (the LlmService, pointed at an endpoint or the planning route). */
export type Chat = (request: Omit<ChatRequest, 'endpoint' | 'route'>) => Promise<ChatResponse>;

export type BuilderAnswer =
  | { kind: 'question'; text: string }
  | { kind: 'proposal'; summary: string; steps: AskStep[]; draft: Pipeline; how: 'tools' | 'json' };

export interface BuilderRequest {
  messages: string[];
  /** The draft starts as the open pipeline, or empty. */
  start: Pipeline;
  validate: (doc: Pipeline) => { message: string }[];
  chat: Chat;
  /** Model turns before the agent gives up (each may hold several tool calls). */
  maxRounds?: number;
  /** False once enough questions were asked: the model must go with defaults. */
  mayAsk: boolean;
}

/** Short on purpose: small local models follow short prompts best. */
const SYSTEM = `You build Pipewright pipelines: graphs of nodes wired by typed ports.
Edit the draft with the tools: list_kinds, describe_kind, add_node, set_params, connect, remove, lint.
A typical app: text (the blueprint) -> code-generator -> build-deploy.
Ask one short question with ask_question only if something that matters is unclear.
When lint says "no problems", call propose.`;

export class BuilderGaveUp extends Error {
  override name = 'BuilderGaveUp';
}

/**
 * The builder agent: the model edits a draft through tools, each call checked at once, for a
 * bounded number of rounds; the draft must validate before it is proposed. A model that answers
 * without tool calls (no tool support) is asked for the whole draft as JSON instead.
 */
export async function buildWithModel(request: BuilderRequest): Promise<BuilderAnswer> {
  const editor = new DraftEditor(structuredClone(request.start), request.validate);
  const maxRounds = request.maxRounds ?? 16;
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: userPrompt(request) },
  ];
  let usedTools = false;
  for (let round = 0; round < maxRounds; round++) {
    const answer = await request.chat({ messages, tools: TOOL_SPECS, temperature: 0, logTokens: false });
    if (!answer.toolCalls.length) {
      if (!usedTools) return buildFromJson(request);
      messages.push({ role: 'assistant', content: answer.content });
      messages.push({ role: 'user', content: 'Use the tools: fix what lint reports, then call propose.' });
      continue;
    }
    usedTools = true;
    messages.push({ role: 'assistant', content: answer.content, toolCalls: answer.toolCalls });
    for (const call of answer.toolCalls) {
      const outcome = editor.run(call.name, call.arguments);
      if (outcome.kind === 'question' && request.mayAsk) return { kind: 'question', text: outcome.text };
      if (outcome.kind === 'question') {
        messages.push({ role: 'tool', toolCallId: call.id, content: 'error: no more questions; choose sensible defaults and go on' });
        continue;
      }
      if (outcome.kind === 'proposal') return { kind: 'proposal', summary: outcome.summary, steps: outcome.steps, draft: editor.draft, how: 'tools' };
      messages.push({ role: 'tool', toolCallId: call.id, content: outcome.text });
    }
  }
  throw new BuilderGaveUp(`the model did not propose a valid draft in ${maxRounds} rounds`);
}

const JsonDraft = z.object({
  summary: z.string().min(1),
  steps: z.array(z.object({ title: z.string(), kinds: z.array(z.string()) })),
  pipeline: PipelineSchema,
});

/** The fallback for models without tool calls: the whole draft as structured output, checked, twice at most. */
async function buildFromJson(request: BuilderRequest): Promise<BuilderAnswer> {
  const kinds = [...definitionsByKind.values()].filter((d) => !d.annotation).map((d) => `${d.kind} (in: ${d.inputs.map((p) => p.name).join(', ') || '-'}; out: ${d.outputs.map((p) => p.name).join(', ') || '-'})`);
  const messages: ChatMessage[] = [
    {
      role: 'system',
      content: `You build Pipewright pipelines. Answer with JSON only: {"summary", "steps": [{"title", "kinds"}], "pipeline": {"format": "pipewright/2", "id", "name", "nodes": [{"id", "kind", "version": 1, "params", "position": {"x", "y"}}], "edges": [{"id", "from": {"node", "port"}, "to": {"node", "port"}}]}}.\nKinds: ${kinds.join('; ')}`,
    },
    { role: 'user', content: userPrompt(request) },
  ];
  for (let attempt = 0; attempt < 2; attempt++) {
    const answer = await request.chat({ messages, temperature: 0, logTokens: false, jsonSchema: { name: 'pipeline_plan', schema: z.toJSONSchema(JsonDraft, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> } });
    let problem: string;
    try {
      const parsed = JsonDraft.safeParse(JSON.parse(stripFence(answer.content)));
      if (parsed.success) {
        const draft = { ...parsed.data.pipeline, id: request.start.id, name: request.start.name };
        const issues = request.validate(draft);
        const wrongSteps = stepKindsMissing(parsed.data.steps, draft);
        if (!issues.length && !wrongSteps) return { kind: 'proposal', summary: parsed.data.summary, steps: parsed.data.steps, draft, how: 'json' };
        problem = issues.length ? issues.map((i) => i.message).join('; ') : wrongSteps!;
      } else problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    } catch {
      problem = 'the answer is not JSON';
    }
    messages.push({ role: 'assistant', content: answer.content }, { role: 'user', content: `That does not work: ${problem}. Send the corrected JSON only.` });
  }
  throw new BuilderGaveUp('the model did not answer with a valid pipeline as JSON');
}

function stripFence(text: string): string {
  return text.trim().replace(/^```(?:json)?\s*/i, '').replace(/```$/, '');
}

function userPrompt(request: BuilderRequest): string {
  const [first, ...later] = request.messages;
  const current = request.start.nodes.length
    ? `\nThe current draft: ${JSON.stringify({ nodes: request.start.nodes.map((n) => ({ id: n.id, kind: n.kind, params: n.params })), edges: request.start.edges.map((e) => `${e.from.node}.${e.from.port}->${e.to.node}.${e.to.port}`) })}`
    : '';
  return `The app: ${first}${later.length ? `\nThen: ${later.join('\nThen: ')}` : ''}${current}`;
}

import { z } from 'zod';
import { PipelineSchema } from '../../nodes/sdk';
import { NodeStatusSchema } from './runs';

// Ask: a person describes an app in plain words, Pipewright proposes a pipeline (a draft, never
// saved until Confirm), runs it once confirmed and answers with the links to what it made.

const Id = z.string().min(1).max(200);

/** The longest request the chat takes: a description, not a document. */
export const ASK_TEXT_MAX = 20_000;

export const AskTextSchema = z.string().trim().min(1, 'describe the app you want').max(ASK_TEXT_MAX, 'a request longer than 20,000 characters is not a description');

export const AskSendSchema = z.object({
  /** The project the conversation belongs to; absent for a new app from the start page. */
  projectId: Id.optional(),
  /** The open pipeline the request changes (the editor's chat panel); absent for a new one. */
  pipelineId: Id.optional(),
  /** Continues a conversation (an answer to a question, or "Change" feedback on a plan). */
  conversationId: Id.optional(),
  text: AskTextSchema,
  /** An endpoint by name; absent: the router's `planning` task, else the planner without a model. */
  endpoint: z.string().min(1).max(200).optional(),
});

export const AskStepSchema = z.object({ title: z.string(), kinds: z.array(z.string()) });

export const AskReplySchema = z.discriminatedUnion('kind', [
  /** A clarifying question; the person's answer goes back through ask.send with the same conversation. */
  z.object({ kind: z.literal('question'), text: z.string() }),
  z.object({
    kind: z.literal('plan'),
    summary: z.string(),
    steps: z.array(AskStepSchema),
    /** The proposed pipeline, not saved: the canvas previews it. */
    draft: PipelineSchema,
    /** Node ids new in the draft, changed from the open pipeline, and gone from it. */
    added: z.array(z.string()),
    changed: z.array(z.string()),
    removed: z.array(z.string()),
    /** False when the planner worked without a model. */
    usedModel: z.boolean(),
    /** Said plainly: e.g. that no model was used and what one would add. */
    note: z.string().optional(),
  }),
]);

export const AskSendResultSchema = z.object({ conversationId: z.string(), reply: AskReplySchema });

export const AskLinkSchema = z.object({ label: z.string(), url: z.string() });

/**
 * What the assistant said, as kept with the conversation: its replies, and what became of a
 * plan — confirmed (saved), then the run's outcome with its links — so a reload shows them.
 */
export const AskRecordSchema = z.discriminatedUnion('kind', [
  ...AskReplySchema.options,
  z.object({ kind: z.literal('confirmed'), projectId: z.string(), pipelineId: z.string() }),
  z.object({ kind: z.literal('discarded') }),
  z.object({
    kind: z.literal('answer'),
    projectId: z.string(),
    runId: z.string(),
    status: z.enum(['succeeded', 'failed', 'cancelled']),
    links: z.array(AskLinkSchema),
  }),
]);

export const AskMessageSchema = z.object({
  conversationId: z.string(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  /** The assistant's reply as it was given (question or plan), or what became of the plan. */
  reply: AskRecordSchema.optional(),
  at: z.number(),
});

export const AskProgressEventSchema = z.object({
  conversationId: z.string(),
  runId: z.string(),
  nodeId: z.string(),
  status: NodeStatusSchema,
  /** A line for the chat: the node's title and what happened, with the failing node's error. */
  text: z.string(),
});

export const AskAnswerEventSchema = z.object({
  conversationId: z.string(),
  runId: z.string(),
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  links: z.array(AskLinkSchema),
});

export type AskSendInput = z.infer<typeof AskSendSchema>;
export type AskStep = z.infer<typeof AskStepSchema>;
export type AskReply = z.infer<typeof AskReplySchema>;
export type AskPlan = Extract<AskReply, { kind: 'plan' }>;
export type AskSendResult = z.infer<typeof AskSendResultSchema>;
export type AskMessage = z.infer<typeof AskMessageSchema>;
export type AskRecord = z.infer<typeof AskRecordSchema>;
export type AskLink = z.infer<typeof AskLinkSchema>;
export type AskProgressEvent = z.infer<typeof AskProgressEventSchema>;
export type AskAnswerEvent = z.infer<typeof AskAnswerEventSchema>;

import { z } from 'zod';
import { PipelineSchema } from '../../nodes/sdk';

// Runs and their event stream. The shapes mirror main/engine/events.ts and main/store; a
// type test in main/api keeps them equal.

export const NODE_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cached', 'skipped', 'cancelled'] as const;
export const NodeStatusSchema = z.enum(NODE_STATUSES);
export const FinishedNodeStatusSchema = z.enum(['succeeded', 'failed', 'cached', 'skipped', 'cancelled']);
export const RunStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']);
export const LogStreamSchema = z.enum(['stdout', 'stderr', 'info']);

export const RunScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('node'), nodeId: z.string().min(1) }),
  z.object({ kind: z.literal('upTo'), nodeId: z.string().min(1) }),
  z.object({ kind: z.literal('from'), nodeId: z.string().min(1) }),
]);

const Values = z.record(z.string(), z.unknown());

export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run-started'),
    runId: z.string(),
    projectId: z.string(),
    pipelineId: z.string(),
    scope: RunScopeSchema,
    resumed: z.boolean(),
    at: z.number(),
  }),
  z.object({ type: z.literal('node-queued'), runId: z.string(), nodeId: z.string(), kind: z.string(), at: z.number() }),
  z.object({
    type: z.literal('node-started'),
    runId: z.string(),
    nodeId: z.string(),
    kind: z.string(),
    attempt: z.number(),
    at: z.number(),
  }),
  z.object({
    type: z.literal('node-log'),
    runId: z.string(),
    nodeId: z.string(),
    stream: LogStreamSchema,
    chunk: z.string(),
    at: z.number(),
  }),
  z.object({
    type: z.literal('node-task'),
    runId: z.string(),
    nodeId: z.string(),
    task: z.object({
      id: z.string(),
      title: z.string(),
      owner: z.string().optional(),
      status: z.enum(['queued', 'running', 'done', 'failed', 'stopped', 'reused']),
      detail: z.string().optional(),
    }),
    at: z.number(),
  }),
  z.object({
    type: z.literal('node-progress'),
    runId: z.string(),
    nodeId: z.string(),
    progress: z.object({ done: z.number(), total: z.number().optional(), label: z.string().optional() }),
    at: z.number(),
  }),
  z.object({
    type: z.literal('node-finished'),
    runId: z.string(),
    nodeId: z.string(),
    kind: z.string(),
    status: FinishedNodeStatusSchema,
    outputs: Values.optional(),
    outputFingerprints: z.record(z.string(), z.string()).optional(),
    cacheKey: z.string().optional(),
    error: z.string().optional(),
    startedAt: z.number().optional(),
    durationMs: z.number(),
    pinned: z.boolean().optional(),
    at: z.number(),
  }),
  z.object({
    type: z.literal('run-finished'),
    runId: z.string(),
    status: z.enum(['succeeded', 'failed', 'cancelled']),
    outputs: Values,
    error: z.string().optional(),
    at: z.number(),
  }),
]);

export const RunSummarySchema = z.object({
  id: z.string(),
  projectId: z.string(),
  pipelineId: z.string(),
  status: RunStatusSchema,
  scope: RunScopeSchema,
  inputs: Values,
  outputs: Values.optional(),
  error: z.string().optional(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  pid: z.number().optional(),
  host: z.string().optional(),
});

export const NodeRunSchema = z.object({
  runId: z.string(),
  nodeId: z.string(),
  kind: z.string(),
  status: NodeStatusSchema,
  attempt: z.number(),
  startedAt: z.number().optional(),
  finishedAt: z.number().optional(),
  durationMs: z.number().optional(),
  cacheKey: z.string().optional(),
  outputs: Values.optional(),
  outputFingerprints: z.record(z.string(), z.string()).optional(),
  error: z.string().optional(),
});

export const RunDetailSchema = z.object({
  run: RunSummarySchema,
  doc: PipelineSchema.optional(),
  nodes: z.array(NodeRunSchema),
});

export const LogChunkSchema = z.object({
  nodeId: z.string(),
  stream: LogStreamSchema,
  chunk: z.string(),
  at: z.number(),
});

/** One message of a node's conversations with its model (secrets already redacted when stored). */
export const TranscriptEntrySchema = z.object({
  conversation: z.number(),
  message: z.object({
    role: z.enum(['system', 'user', 'assistant', 'tool']),
    content: z.string(),
    toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })).optional(),
    toolCallId: z.string().optional(),
  }),
  at: z.number(),
});

export type NodeStatus = z.infer<typeof NodeStatusSchema>;
export type RunStatus = z.infer<typeof RunStatusSchema>;
export type RunScope = z.infer<typeof RunScopeSchema>;
export type EngineEventInfo = z.infer<typeof EngineEventSchema>;
export type RunSummaryInfo = z.infer<typeof RunSummarySchema>;
export type NodeRunInfo = z.infer<typeof NodeRunSchema>;
export type RunDetail = z.infer<typeof RunDetailSchema>;
export type LogChunkInfo = z.infer<typeof LogChunkSchema>;
export type TranscriptEntryInfo = z.infer<typeof TranscriptEntrySchema>;

import { z } from 'zod';
import { PipelineSchema, PortDeclSchema } from '../../../nodes/sdk';
import {
  EngineEventSchema,
  LogChunkSchema,
  NodeRunSchema,
  RunScopeSchema,
  RunSummarySchema,
} from '../../../preload/contract';

// The HTTP API's bodies and answers. Handlers parse with these, and openapi.ts publishes them,
// so the document clients are generated from cannot drift from what the server accepts.

export const StartRunBodySchema = z
  .object({
    inputs: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("Values for the pipeline's declared inputs, by name; each of its input's type"),
    scope: RunScopeSchema.optional().describe('What to run: all (the default), one node, up to a node, or from a node on'),
  })
  .strict();

export const StartedRunSchema = z.object({ runId: z.string() });

export const PipelineInfoSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  updatedAt: z.number().describe('Milliseconds since the epoch'),
  inputs: z.array(PortDeclSchema).describe('What a run is given'),
  outputs: z.array(PortDeclSchema).describe('What a finished run answers with'),
  error: z.string().optional().describe('Why the stored document cannot be read; such a pipeline cannot run'),
  awaitingReview: z
    .literal(true)
    .optional()
    .describe('Imported from a file, and what it runs is not confirmed yet: it cannot run over the API until someone confirms its review in Pipewright'),
});

export const PipelineListSchema = z.object({ pipelines: z.array(PipelineInfoSchema) });

export const PipelineDetailSchema = PipelineInfoSchema.extend({ document: PipelineSchema });

export const RunSchema = RunSummarySchema.extend({ nodes: z.array(NodeRunSchema) });

export const CancelledSchema = z.object({
  cancelled: z.boolean().describe('False when the run was not running in this server (already finished)'),
  status: z.string(),
});

export const LogsSchema = z.object({ logs: z.array(LogChunkSchema) });

export const ProblemSchema = z.object({
  input: z.string().optional(),
  nodeId: z.string().optional(),
  field: z.string().optional(),
  code: z.string().optional(),
  message: z.string(),
});

export const ErrorSchema = z.object({
  error: z.object({
    status: z.number(),
    message: z.string(),
    problems: z.array(ProblemSchema).optional(),
  }),
});

export { EngineEventSchema };

export type StartRunBody = z.infer<typeof StartRunBodySchema>;
export type PipelineInfo = z.infer<typeof PipelineInfoSchema>;
export type Problem = z.infer<typeof ProblemSchema>;

import { z } from 'zod';
import { PortTypeSchema } from './ports';

/** The format string of the current document version. */
export const FORMAT = 'pipewright/2';

const Id = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits, _ . : - only, starting with a letter or digit');

export const PortDeclSchema = z.object({
  name: z.string().min(1).describe('Port name, unique among the inputs (or outputs)'),
  type: PortTypeSchema,
  description: z.string().optional(),
  optional: z.boolean().optional().describe('An input that may be left unconnected'),
});

/**
 * A node's result kept in the document: while it is there the engine does not run the node and
 * hands these outputs downstream (see main/engine/pinned.ts for what may be pinned).
 */
export const PinnedOutputsSchema = z.object({
  outputs: z.record(z.string(), z.unknown()).describe('The value of each output port, as the pinned run made it'),
  at: z.number().int().nonnegative().optional().describe('When the result was pinned (Unix ms)'),
  runId: z.string().max(200).optional().describe('The run that made the pinned result'),
});

/**
 * How the engine runs a node, whatever its kind: kept beside `params` (which belong to the kind
 * alone) so that a kind may have a param of the same name with its own meaning.
 */
export const EngineSettingsSchema = z.object({
  retries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .optional()
    .describe('Times to try again after a failure before the node fails'),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 3600 * 1000)
    .optional()
    .describe('Fail (and stop) the node when it runs longer than this, in milliseconds'),
  pinned: PinnedOutputsSchema.optional().describe('Outputs used instead of running the node'),
});

export const NodeInstanceSchema = z.object({
  id: Id,
  kind: z.string().min(1),
  version: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("The version of its kind the params were written for; the loader upgrades older ones (the kind's current version when absent)"),
  params: z.record(z.string(), z.unknown()),
  settings: EngineSettingsSchema.optional().describe('How the engine runs the node: retries, timeout, pinned outputs'),
  position: z.object({ x: z.number(), y: z.number() }),
  label: z.string().optional(),
  disabled: z.boolean().optional(),
});

export const EndpointRefSchema = z.object({ node: z.string().min(1), port: z.string().min(1) });

export const EdgeSchema = z.object({
  id: z.string().min(1),
  from: EndpointRefSchema,
  to: EndpointRefSchema,
});

export const PipelineSchema = z.object({
  $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors'),
  format: z.literal(FORMAT),
  id: Id,
  name: z.string().min(1),
  description: z.string().optional(),
  tags: z
    .array(z.string().trim().min(1).max(40))
    .max(12)
    .optional()
    .describe('Words the gallery sorts templates by, such as offline, llm or deploy'),
  nodes: z.array(NodeInstanceSchema),
  edges: z.array(EdgeSchema),
  inputs: z.array(PortDeclSchema).optional(),
  outputs: z.array(PortDeclSchema).optional(),
});

export type PortDecl = z.infer<typeof PortDeclSchema>;
export type EngineSettings = z.infer<typeof EngineSettingsSchema>;
export type PinnedOutputs = z.infer<typeof PinnedOutputsSchema>;
export type NodeInstance = z.infer<typeof NodeInstanceSchema>;
export type Edge = z.infer<typeof EdgeSchema>;
export type Pipeline = z.infer<typeof PipelineSchema>;

import { z } from 'zod';
import { PortTypeSchema } from './ports';

/** The format string of the current document version. */
export const FORMAT = 'pipewright/1';

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

export const NodeInstanceSchema = z.object({
  id: Id,
  kind: z.string().min(1),
  params: z.record(z.string(), z.unknown()),
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
  nodes: z.array(NodeInstanceSchema),
  edges: z.array(EdgeSchema),
  inputs: z.array(PortDeclSchema).optional(),
  outputs: z.array(PortDeclSchema).optional(),
});

export type PortDecl = z.infer<typeof PortDeclSchema>;
export type NodeInstance = z.infer<typeof NodeInstanceSchema>;
export type Edge = z.infer<typeof EdgeSchema>;
export type Pipeline = z.infer<typeof PipelineSchema>;

import { z } from 'zod';
import { PipelineSchema, PortDeclSchema } from '../../nodes/sdk';

// Projects, pipelines, validation and templates as they cross between the UI and main.

export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  mainPipelineId: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const PipelineSummarySchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  updatedAt: z.number(),
  nodeCount: z.number(),
});

export const RevisionSchema = z.object({
  pipelineId: z.string(),
  rev: z.number(),
  message: z.string(),
  createdAt: z.number(),
});

export const ValidationIssueSchema = z.object({
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  field: z.string().optional(),
  code: z.string(),
  message: z.string(),
});

export const ResolvedPortsSchema = z.object({
  inputs: z.array(PortDeclSchema),
  outputs: z.array(PortDeclSchema),
});

/**
 * Undo history of one pipeline, kept so it survives a reload. Each entry is an opaque snapshot
 * the renderer made; main only stores it, bounded in size.
 */
export const HistorySchema = z.object({
  past: z.array(z.string()).max(200),
  future: z.array(z.string()).max(200),
});

/** What an imported template will do when run, shown before its first run. */
export const TemplateManifestSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  nodes: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      title: z.string(),
      /** Shell commands, images, endpoints and other things worth a look, as label → value. */
      details: z.array(z.object({ label: z.string(), value: z.string() })),
    }),
  ),
  commands: z.array(z.string()),
  images: z.array(z.string()),
  endpoints: z.array(z.string()),
  secrets: z.array(z.string()),
  inputs: z.array(PortDeclSchema),
  outputs: z.array(PortDeclSchema),
  unknownKinds: z.array(z.string()),
});

export const GalleryEntrySchema = z.object({
  file: z.string(),
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  nodeCount: z.number(),
  kinds: z.array(z.string()),
});

export const OpenedPipelineSchema = z.object({
  doc: PipelineSchema,
  projectId: z.string(),
  /** Present while an imported template has not been looked over yet. */
  review: TemplateManifestSchema.optional(),
});

export type Project = z.infer<typeof ProjectSchema>;
export type PipelineSummary = z.infer<typeof PipelineSummarySchema>;
export type Revision = z.infer<typeof RevisionSchema>;
export type ValidationIssueInfo = z.infer<typeof ValidationIssueSchema>;
export type History = z.infer<typeof HistorySchema>;
export type TemplateManifest = z.infer<typeof TemplateManifestSchema>;
export type GalleryEntry = z.infer<typeof GalleryEntrySchema>;
export type OpenedPipeline = z.infer<typeof OpenedPipelineSchema>;

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

/** Most undo steps a pipeline keeps, undone ones included. */
export const HISTORY_STEPS = 200;

/**
 * One undo step of a pipeline: its place in the pipeline's history and the patch the renderer
 * made (what the step added, removed and changed), as JSON text main stores without reading.
 */
export const UndoStepSchema = z.object({
  step: z.number().int().nonnegative(),
  patch: z.string().min(2),
});

/** Undo history of one pipeline, kept so it survives a reload: steps done, then steps undone. */
export const HistorySchema = z.object({
  past: z.array(UndoStepSchema).max(HISTORY_STEPS),
  future: z.array(UndoStepSchema).max(HISTORY_STEPS),
});

/**
 * What changed in a history since the last save: the steps now kept are `first`..`last` (none
 * when first > last), those up to `cursor` are done, and `put` holds the steps new or rewritten
 * since. Unchanged steps are not sent again.
 */
export const HistoryChangeSchema = z
  .object({
    first: z.number().int().nonnegative(),
    last: z.number().int().min(-1),
    cursor: z.number().int().min(-1),
    put: z.array(UndoStepSchema).max(HISTORY_STEPS),
  })
  .refine((c) => c.first <= c.last + 1 && c.last - c.first < HISTORY_STEPS, {
    message: `the kept steps must be a range of at most ${HISTORY_STEPS}`,
    path: ['last'],
  })
  .refine((c) => c.cursor >= c.first - 1 && c.cursor <= c.last, { message: 'the cursor must lie within the kept steps', path: ['cursor'] })
  .refine((c) => c.put.every((s) => s.step >= c.first && s.step <= c.last), {
    message: 'every step sent must lie within the kept steps',
    path: ['put'],
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
  /** Models the nodes download (absent from reviews stored by earlier builds, as are ports and unsandboxed). */
  modelDownloads: z.array(z.string()).optional(),
  endpoints: z.array(z.string()),
  secrets: z.array(z.string()),
  /** Ports nodes open on this machine, each as "node (id): where". */
  ports: z.array(z.string()).optional(),
  /** Steps that run on this machine outside a sandbox, each as "node (id): how". */
  unsandboxed: z.array(z.string()).optional(),
  inputs: z.array(PortDeclSchema),
  outputs: z.array(PortDeclSchema),
  unknownKinds: z.array(z.string()),
});

/** A thumbnail of a graph in canvas coordinates: boxes where its nodes sit, lines for its edges. */
export const GraphSketchSchema = z.object({
  viewBox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  nodes: z.array(z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number(), category: z.string() })),
  edges: z.array(z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() })),
});

export const GalleryEntrySchema = z.object({
  file: z.string(),
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  tags: z.array(z.string()),
  nodeCount: z.number(),
  kinds: z.array(z.string()),
  sketch: GraphSketchSchema,
});

/**
 * A pipeline a `pipeline` node can run, as the palette lists it: a saved pipeline (by id, from
 * any project) or a bundled template (by file name), with the ports it shows as a node.
 */
export const CatalogEntrySchema = z.object({
  ref: z.string(),
  source: z.enum(['saved', 'template']),
  name: z.string(),
  description: z.string().optional(),
  /** The project a saved pipeline belongs to, with its name. */
  projectId: z.string().optional(),
  projectName: z.string().optional(),
  inputs: z.array(PortDeclSchema),
  outputs: z.array(PortDeclSchema),
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
export type HistoryChange = z.infer<typeof HistoryChangeSchema>;
export type TemplateManifest = z.infer<typeof TemplateManifestSchema>;
export type GalleryEntry = z.infer<typeof GalleryEntrySchema>;
export type GraphSketch = z.infer<typeof GraphSketchSchema>;
export type OpenedPipeline = z.infer<typeof OpenedPipelineSchema>;
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

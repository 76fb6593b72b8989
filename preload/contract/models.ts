import { z } from 'zod';

// The built-in local model: the catalog and installed models (main/adapters/local-llm), the
// one in memory, and downloads, which report progress as events while they run.

export const ModelIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'model names are letters, digits, _ . - (like qwen2.5-coder-1.5b)');

export const ModelRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** What a catalog model is made for; absent for a file the person added. */
  for: z.enum(['cpu', 'gpu']).optional(),
  licence: z.string().optional(),
  /** The file's size when installed, the catalog's figure otherwise. */
  bytes: z.number(),
  installed: z.boolean(),
  source: z.enum(['pulled', 'added']).optional(),
  path: z.string().optional(),
  /** Bytes of a pull that was stopped or cut, kept for the next pull to resume from. */
  partBytes: z.number().optional(),
});
export type ModelRow = z.infer<typeof ModelRowSchema>;

export const ModelsStateSchema = z.object({
  models: z.array(ModelRowSchema),
  /** The model in memory now, with what the runtime chose; null when none is loaded. */
  loaded: z
    .object({
      id: z.string().optional(),
      /** The GPU backend in use (cuda, vulkan, metal), or false on the CPU. */
      gpu: z.union([z.string(), z.literal(false)]),
      contextSize: z.number(),
      threads: z.number(),
    })
    .nullable(),
  /** Downloads in progress, by model. */
  pulling: z.array(z.string()),
  /** What `builtin` answers with when no model is named. */
  defaultModel: z.string().nullable(),
});
export type ModelsState = z.infer<typeof ModelsStateSchema>;

/** A download's progress; the last event of a pull has `done` or `error`. */
export const ModelPullEventSchema = z.object({
  id: z.string(),
  receivedBytes: z.number(),
  totalBytes: z.number().optional(),
  bytesPerSecond: z.number(),
  secondsLeft: z.number().optional(),
  done: z.boolean().optional(),
  error: z.string().optional(),
});
export type ModelPullEvent = z.infer<typeof ModelPullEventSchema>;

export const ModelAddSchema = z.object({
  path: z.string().trim().min(1, 'give the path of a .gguf file').max(4096),
  name: ModelIdSchema.optional(),
});

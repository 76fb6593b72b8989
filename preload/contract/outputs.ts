import { z } from 'zod';

// What a node's outputs hold beyond their values: the files of its folder outputs, kept per run.

export const OutputRef = z.object({ runId: z.string().min(1).max(200), nodeId: z.string().min(1).max(500), port: z.string().min(1).max(200) });

export const KeptFileSchema = z.object({
  path: z.string(),
  size: z.number(),
  /** Content hash: equal hashes, equal files. Absent when the content was not kept. */
  hash: z.string().optional(),
  skipped: z.string().optional(),
});

export const KeptFilesSchema = z.object({
  /** False for runs from before files were kept, or whose files were removed as old. */
  kept: z.boolean(),
  files: z.array(KeptFileSchema),
  /** Folders (ending in `/`) and links listed but not read. */
  notKept: z.array(z.string()),
  /** Entries past the listing limit. */
  omitted: z.number(),
  previous: z.object({ runId: z.string(), files: z.array(KeptFileSchema) }).optional(),
});

export const KeptFileContentSchema = z.object({
  path: z.string(),
  size: z.number(),
  text: z.string().optional(),
  binary: z.boolean(),
});

export type KeptFileInfo = z.infer<typeof KeptFileSchema>;
export type KeptFiles = z.infer<typeof KeptFilesSchema>;
export type KeptFileContent = z.infer<typeof KeptFileContentSchema>;

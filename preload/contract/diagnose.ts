import { z } from 'zod';

// What `runs.diagnose` answers: the shapes of main/diagnose, which a type test keeps equal.

export const DiagnosisSchema = z.object({
  /** The offline rule that matched, or `model`. */
  source: z.string(),
  cause: z.string(),
  evidence: z.array(z.string()),
  fix: z.string(),
  confidence: z.enum(['high', 'medium', 'low']),
  /** The fix is a change to files of the node's workspace (the code generator's agent can make it). */
  fixInWorkspace: z.boolean(),
});

export const DiagnoseRequestSchema = z.object({
  runId: z.string().min(1).max(200),
  /** The run's first failed node when absent. */
  nodeId: z.string().min(1).max(200).optional(),
  /** Ask the model routed for troubleshooting even when an offline rule knows the failure. */
  model: z.boolean().default(false),
});

export const DiagnoseAnswerSchema = z.object({
  nodeId: z.string(),
  kind: z.string(),
  error: z.string(),
  /** Absent when no rule knew the failure and no model could be asked. */
  diagnosis: DiagnosisSchema.optional(),
  /** Why the model could not be asked, when it was wanted. */
  modelError: z.string().optional(),
  /** The workspace files read, relative to the workspace. */
  files: z.array(z.string()),
});

export type DiagnosisInfo = z.infer<typeof DiagnosisSchema>;
export type DiagnoseAnswer = z.infer<typeof DiagnoseAnswerSchema>;

const FixStepSchema = z.object({ runId: z.string(), status: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted']), error: z.string().optional() });

export const FixAnswerSchema = z.object({
  diagnosis: DiagnosisSchema,
  /** The code generator's agent changing the workspace. */
  fixRun: FixStepSchema,
  /** The pipeline run again from the diagnosed node; absent when the fix failed. */
  rerun: FixStepSchema.optional(),
});

export type FixAnswer = z.infer<typeof FixAnswerSchema>;

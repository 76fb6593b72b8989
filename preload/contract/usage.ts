import { z } from 'zod';

/** Tokens and dollars of a set of LLM calls. */
export const UsageTotalsSchema = z.object({
  calls: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  /** US dollars of the calls with a known price. */
  cost: z.number(),
});

/** What a project's LLM calls cost: in all, in one run, and per node of that run. */
export const UsageReportSchema = z.object({
  project: UsageTotalsSchema,
  run: UsageTotalsSchema.optional(),
  /** By node id, nodes of the run that called a model only. */
  nodes: z.record(z.string(), UsageTotalsSchema),
  /** By run id, the project's runs that called a model only. */
  runs: z.record(z.string(), UsageTotalsSchema),
  /** The project's budget in US dollars; null for no limit. */
  budget: z.number().nullable(),
});

export type UsageTotalsInfo = z.infer<typeof UsageTotalsSchema>;
export type UsageReport = z.infer<typeof UsageReportSchema>;

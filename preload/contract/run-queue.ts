import { z } from 'zod';
import { PipelineSchema } from '../../nodes/sdk';
import { RunScopeSchema } from './runs';

// The run form's memory (last inputs, presets) and the queue of runs waiting their turn.

const Id = z.string().min(1).max(200);
const Values = z.record(z.string(), z.unknown());

export const RunInputPresetSchema = z.object({ name: z.string(), inputs: Values, updatedAt: z.number() });
export const PresetNameSchema = z.string().trim().min(1, 'a preset needs a name').max(100, 'a preset name has at most 100 characters');

/** A run waiting for the one before it to end. */
export const QueuedRunSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  pipelineId: z.string(),
  pipelineName: z.string(),
  /** `topic = cats, count = 3`: what it will run with, cut short, secrets hidden. */
  inputsSummary: z.string(),
  queuedAt: z.number(),
});

export const RunQueueSchema = z.object({
  entries: z.array(QueuedRunSchema),
  /** Why the last queued run could not start, once, for the UI to say. */
  problem: z.string().optional(),
});

export const runQueueCalls = {
  /** What the run form starts from: the pipeline's last inputs and the project's presets. */
  'runform.get': {
    input: z.object({ projectId: Id, pipelineId: Id }),
    output: z.object({ last: Values.optional(), presets: z.array(RunInputPresetSchema) }),
  },
  'runform.savePreset': { input: z.object({ projectId: Id, name: PresetNameSchema, inputs: Values }), output: RunInputPresetSchema },
  'runform.deletePreset': { input: z.object({ projectId: Id, name: PresetNameSchema }), output: z.object({ deleted: z.boolean() }) },
  /**
   * Run from the editor: starts at once when nothing runs, else joins the queue. The inputs are
   * checked first and remembered as the pipeline's last.
   */
  'runs.enqueue': {
    input: z.object({
      projectId: Id,
      doc: PipelineSchema,
      scope: RunScopeSchema.default({ kind: 'all' }),
      inputs: Values.default({}),
    }),
    output: z.object({ runId: z.string().optional(), queued: QueuedRunSchema.optional() }),
  },
  'queue.list': { input: z.object({}), output: RunQueueSchema },
  'queue.remove': { input: z.object({ id: Id }), output: z.object({ removed: z.boolean() }) },
  'queue.moveUp': { input: z.object({ id: Id }), output: RunQueueSchema },
} as const;

export const runQueueEvents = {
  /** The queue changed: a run joined, left, moved or started. */
  'queue.changed': RunQueueSchema,
} as const;

export type QueuedRunInfo = z.infer<typeof QueuedRunSchema>;
export type RunQueueInfo = z.infer<typeof RunQueueSchema>;
export type RunInputPresetInfo = z.infer<typeof RunInputPresetSchema>;

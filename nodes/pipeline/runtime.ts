import { defineRuntime } from '../sdk';
import { pipelineDefinition } from './definition';

export const pipelineRuntime = defineRuntime(pipelineDefinition, async ({ inputs, params, ctx }) =>
  ctx.runSubpipeline(ctx.loadPipeline(params.ref), inputs),
);

import { z } from 'zod';
import { defineNode } from '../sdk';

export const pipelineOutputDefinition = defineNode({
  kind: 'pipeline-output',
  version: 1,
  title: 'Pipeline output',
  category: 'Pipeline',
  description:
    'Hands the value on its input out of the pipeline: shown as a result of the run, or given to the pipeline that uses this one as a node.',
  icon: 'log-out',
  inputs: [{ name: 'value', type: 'any', description: 'The value to hand out' }],
  outputs: [],
  params: z.object({
    name: z
      .string()
      .min(1)
      .describe('The output name: how the run reports it, and the port name on a Pipeline node'),
  }),
  role: 'pipeline-output',
  summary: (params) => params.name || undefined,
});

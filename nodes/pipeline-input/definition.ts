import { z } from 'zod';
import { defineNode, PortTypeSchema } from '../sdk';

export const pipelineInputDefinition = defineNode({
  kind: 'pipeline-input',
  version: 1,
  title: 'Pipeline input',
  category: 'Pipeline',
  description:
    'A value given when the pipeline starts: from the run dialog or the command line, or from the pipeline that uses this one as a node.',
  icon: 'log-in',
  inputs: [],
  outputs: [{ name: 'value', type: 'any', description: 'The value given for this input' }],
  params: z.object({
    name: z
      .string()
      .min(1)
      .describe('The input name: what the run is given, and the port name on a Pipeline node'),
    type: PortTypeSchema.default('text').describe('What kind of value the input takes'),
    default: z.unknown().optional().describe('Used when the run gives no value; makes the input optional'),
    description: z.string().max(500).optional().describe('Shown under the field in the run form: what to give, with an example'),
  }),
  resolvePorts: (params) => ({
    inputs: [],
    outputs: [{ name: 'value', type: params.type, description: `The run input "${params.name}"` }],
  }),
  role: 'pipeline-input',
  summary: (params) => params.name || undefined,
  // The value comes from the run, not from params, so a stored result says nothing.
  cache: false,
});

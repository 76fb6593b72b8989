import { z } from 'zod';
import { defineNode } from '../sdk';
import { pipelineInterface } from './interface';

export const pipelineDefinition = defineNode({
  kind: 'pipeline',
  version: 1,
  title: 'Pipeline',
  category: 'Pipeline',
  description:
    'Runs another pipeline as one step: its inputs and outputs become this node’s ports. A pipeline may not contain itself.',
  icon: 'puzzle',
  inputs: [],
  outputs: [],
  params: z.object({
    ref: z.string().min(1).describe('The pipeline to run: a saved pipeline id or a template file path'),
  }),
  resolvePorts: (params, env) => pipelineInterface(env.loadPipeline(params.ref)),
  role: 'subpipeline',
  summary: (params) => params.ref || undefined,
  // Its inner nodes are cached one by one; the node itself only passes values through.
  cache: false,
});

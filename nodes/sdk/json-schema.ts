import { z } from 'zod';
import { FORMAT, PipelineSchema } from './document';

/** Where the schema is published inside the repository and the app's resources. */
export const SCHEMA_FILE = 'resources/pipeline.schema.json';

/**
 * The JSON Schema of a pipeline document, for editors: a template names it in `$schema`
 * and gets completion and checking. Generated from the zod schema so the two cannot drift.
 */
export function pipelineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PipelineSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...schema,
    title: `Pipewright pipeline (${FORMAT})`,
    description:
      'A Pipewright pipeline: nodes with params and positions, edges from an output port to an input port, and the pipeline\'s declared inputs and outputs.',
  };
}

import { defineRuntime, NodeError, PORT_VALUE_SCHEMAS } from '../sdk';
import { pipelineInputDefinition } from './definition';

export const pipelineInputRuntime = defineRuntime(pipelineInputDefinition, async ({ params, ctx }) => {
  const value = ctx.pipelineInputs[params.name] ?? params.default;
  if (value === undefined) {
    throw new NodeError(
      `pipeline input "${params.name}" has no value: give it when starting the run (or from the Pipeline node that uses this pipeline), or set a default on node "${ctx.nodeId}"`,
    );
  }
  const checked = PORT_VALUE_SCHEMAS[params.type].safeParse(value);
  if (!checked.success) {
    throw new NodeError(
      `pipeline input "${params.name}" takes a ${params.type} value: ${checked.error.issues[0].message}`,
    );
  }
  return { value };
});

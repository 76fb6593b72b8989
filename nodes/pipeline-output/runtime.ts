import { defineRuntime } from '../sdk';
import { pipelineOutputDefinition } from './definition';

// The engine reads the value from this node's input: the node itself has nothing to do.
export const pipelineOutputRuntime = defineRuntime(pipelineOutputDefinition, async () => ({}));

import type { AnyDefinition } from './sdk';
import { textDefinition } from './text/definition';
import { shellDefinition } from './shell/definition';
import { pipelineInputDefinition } from './pipeline-input/definition';
import { pipelineOutputDefinition } from './pipeline-output/definition';
import { pipelineDefinition } from './pipeline/definition';

/** Every node kind, in palette order. Used by the renderer and by main. */
export const definitions: readonly AnyDefinition[] = [
  textDefinition,
  shellDefinition,
  pipelineInputDefinition,
  pipelineOutputDefinition,
  pipelineDefinition,
];

export const definitionsByKind: ReadonlyMap<string, AnyDefinition> = new Map(
  definitions.map((d) => [d.kind, d]),
);

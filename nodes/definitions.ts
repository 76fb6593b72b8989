import { collectImages, type AnyDefinition, type BaseImage } from './sdk';
import { textDefinition } from './text/definition';
import { shellDefinition } from './shell/definition';
import { pipelineInputDefinition } from './pipeline-input/definition';
import { pipelineOutputDefinition } from './pipeline-output/definition';
import { pipelineDefinition } from './pipeline/definition';
import { llmEndpointDefinition } from './llm-endpoint/definition';
import { codeGeneratorDefinition } from './code-generator/definition';
import { gitRepoDefinition } from './git-repo/definition';
import { buildDeployDefinition } from './build-deploy/definition';
import { composeDeployDefinition } from './compose-deploy/definition';
import { iacDefinition } from './iac/definition';
import { vscodeWorkspaceDefinition } from './vscode-workspace/definition';
import { vllmServerDefinition } from './vllm-server/definition';
import { ollamaServerDefinition } from './ollama-server/definition';
import { litellmRouterDefinition } from './litellm-router/definition';
import { commentDefinition } from './comment/definition';
import { groupDefinition } from './group/definition';
import { softwareTeamDefinition } from './software-team/definition';

/** Every node kind, in palette order. Used by the renderer and by main. */
export const definitions: readonly AnyDefinition[] = [
  textDefinition,
  shellDefinition,
  pipelineInputDefinition,
  pipelineOutputDefinition,
  pipelineDefinition,
  llmEndpointDefinition,
  codeGeneratorDefinition,
  softwareTeamDefinition,
  gitRepoDefinition,
  buildDeployDefinition,
  composeDeployDefinition,
  iacDefinition,
  vscodeWorkspaceDefinition,
  vllmServerDefinition,
  ollamaServerDefinition,
  litellmRouterDefinition,
  commentDefinition,
  groupDefinition,
];

export const definitionsByKind: ReadonlyMap<string, AnyDefinition> = new Map(
  definitions.map((d) => [d.kind, d]),
);

/** Every Docker image the kinds declare, once each by name: settings keys, variables and the Settings dialog derive from it. */
export const baseImages: readonly BaseImage[] = collectImages(definitions);

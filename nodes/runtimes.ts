import type { NodeRuntime, PairedRuntime } from './sdk';
import { textRuntime } from './text/runtime';
import { shellRuntime } from './shell/runtime';
import { pipelineInputRuntime } from './pipeline-input/runtime';
import { pipelineOutputRuntime } from './pipeline-output/runtime';
import { pipelineRuntime } from './pipeline/runtime';
import { llmEndpointRuntime } from './llm-endpoint/runtime';
import { codeGeneratorRuntime } from './code-generator/runtime';
import { gitRepoRuntime } from './git-repo/runtime';
import { buildDeployRuntime } from './build-deploy/runtime';
import { composeDeployRuntime } from './compose-deploy/runtime';
import { iacRuntime } from './iac/runtime';
import { vscodeWorkspaceRuntime } from './vscode-workspace/runtime';
import { vllmServerRuntime } from './vllm-server/runtime';
import { ollamaServerRuntime } from './ollama-server/runtime';
import { litellmRouterRuntime } from './litellm-router/runtime';
import { softwareTeamRuntime } from './software-team/runtime';

/**
 * Every runtime, each paired with its definition (defineRuntime); annotation kinds have none.
 * Main only: runtimes use Node built-ins.
 */
export const pairedRuntimes: readonly PairedRuntime[] = [
  textRuntime,
  shellRuntime,
  pipelineInputRuntime,
  pipelineOutputRuntime,
  pipelineRuntime,
  llmEndpointRuntime,
  codeGeneratorRuntime,
  softwareTeamRuntime,
  gitRepoRuntime,
  buildDeployRuntime,
  composeDeployRuntime,
  iacRuntime,
  vscodeWorkspaceRuntime,
  vllmServerRuntime,
  ollamaServerRuntime,
  litellmRouterRuntime,
];

/** kind → runtime, keyed by each runtime's own definition. */
export const runtimes: ReadonlyMap<string, NodeRuntime> = new Map(pairedRuntimes.map((r) => [r.definition.kind, r]));

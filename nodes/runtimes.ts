import type { NodeRuntime } from './sdk';
import { textRuntime } from './text/runtime';
import { shellRuntime } from './shell/runtime';
import { pipelineInputRuntime } from './pipeline-input/runtime';
import { pipelineOutputRuntime } from './pipeline-output/runtime';
import { pipelineRuntime } from './pipeline/runtime';
import { llmEndpointRuntime } from './llm-endpoint/runtime';
import { codeGeneratorRuntime } from './code-generator/runtime';
import { gitRepoRuntime } from './git-repo/runtime';
import { buildDeployRuntime } from './build-deploy/runtime';
import { vscodeWorkspaceRuntime } from './vscode-workspace/runtime';
import { vllmServerRuntime } from './vllm-server/runtime';
import { ollamaServerRuntime } from './ollama-server/runtime';
import { litellmRouterRuntime } from './litellm-router/runtime';

/** kind → runtime. Main only: runtimes use Node built-ins. */
export const runtimes: ReadonlyMap<string, NodeRuntime> = new Map([
  ['text', textRuntime],
  ['shell', shellRuntime],
  ['pipeline-input', pipelineInputRuntime],
  ['pipeline-output', pipelineOutputRuntime],
  ['pipeline', pipelineRuntime],
  ['llm-endpoint', llmEndpointRuntime],
  ['code-generator', codeGeneratorRuntime],
  ['git-repo', gitRepoRuntime],
  ['build-deploy', buildDeployRuntime],
  ['vscode-workspace', vscodeWorkspaceRuntime],
  ['vllm-server', vllmServerRuntime],
  ['ollama-server', ollamaServerRuntime],
  ['litellm-router', litellmRouterRuntime],
]);

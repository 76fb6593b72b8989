import type { BaseImageKind } from '../nodes/sdk';
import { DEFAULT_CODE_SERVER_IMAGE } from '../nodes/vscode-workspace/definition';

/**
 * Every settings key, spelled once, with the environment variable that stands in for it where
 * there is one. Settings hold JSON values (see main/store/settings.ts); secrets never go here.
 */

/** What reads settings: the store's SettingsStore, or anything shaped like it. */
export interface SettingsReader {
  get<T = unknown>(key: string): T | undefined;
}

/** Where the Docker engine is (unix://, tcp://, ssh://); DOCKER_HOST when unset. */
export const DOCKER_HOST = 'docker.host';

export function dockerHost(settings: SettingsReader): string | undefined {
  return settings.get<string>(DOCKER_HOST) || process.env.DOCKER_HOST || undefined;
}

/**
 * The image of a stack (`images.node`, `images.python`, `images.static`, `images.sandbox`), of
 * a model server (`images.vllm`, `images.ollama`, `images.litellm`) or of VS Code
 * (`images.codeServer`).
 */
export const imageKey = (kind: BaseImageKind) => `images.${kind}`;

/**
 * Public images used when neither a setting nor PIPEWRIGHT_IMAGE_<KIND> names one. The model
 * servers are pinned: the flags, paths and APIs their nodes use are checked against these tags.
 */
export const DEFAULT_IMAGES: Readonly<Record<BaseImageKind, string>> = {
  node: 'node:20-slim',
  python: 'python:3.12-slim',
  static: 'busybox:1.36',
  sandbox: 'node:20-slim',
  vllm: 'vllm/vllm-openai:v0.11.0',
  ollama: 'ollama/ollama:0.12.6',
  litellm: 'ghcr.io/berriai/litellm:v1.79.0-stable',
  codeServer: DEFAULT_CODE_SERVER_IMAGE,
};

/**
 * The variable that names `kind`'s image where no setting does (CI points it at local images):
 * PIPEWRIGHT_IMAGE_NODE, …, PIPEWRIGHT_IMAGE_CODE_SERVER.
 */
export const imageEnvVar = (kind: BaseImageKind) => `PIPEWRIGHT_IMAGE_${kind.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** The image for `kind`: the setting, then PIPEWRIGHT_IMAGE_<KIND>, then the public default. */
export function baseImage(kind: BaseImageKind, settings: SettingsReader): string {
  return settings.get<string>(imageKey(kind)) || process.env[imageEnvVar(kind)] || DEFAULT_IMAGES[kind];
}

/** Named OpenAI-compatible endpoints: `{ [name]: { baseUrl, model, apiKeySecret? } }`. */
export const LLM_ENDPOINTS = 'llm.endpoints';

/**
 * Which endpoints answer which task and complexity, in fallback order:
 * `{ routes: [{ task, complexity, use: [{ endpoint, model? }] }] }` (`*` matches any).
 */
export const LLM_ROUTER = 'llm.router';

/** Prices that add to or replace resources/prices.json: `{ [model]: { input, output } }` in USD per million tokens. */
export const LLM_PRICES = 'llm.prices';

/** A project's LLM spending limit in US dollars (a number); absent means no limit. */
export const llmBudgetKey = (projectId: string) => `llm.budget.${projectId}`;

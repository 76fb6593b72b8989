import { baseImages } from '../nodes/definitions';
import { imageEnvVar, imageSettingKey, type BaseImage } from '../nodes/sdk';

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
 * Named Docker engines besides the default one: `{ [name]: { host, tls?: { ca, cert, key },
 * publicHost? } }` (the TLS entries are paths of PEM files; preload/contract/settings.ts
 * has the schema).
 */
export const DOCKER_ENGINES = 'docker.engines';

/** Which named engine each project runs on: `{ [projectId]: engineName }`; absent: the default one. */
export const DOCKER_PROJECT_ENGINES = 'docker.projectEngines';

export interface DockerEngineSetting {
  host: string;
  tls?: { ca: string; cert: string; key: string };
  publicHost?: string;
}

export function dockerEngines(settings: SettingsReader): Record<string, DockerEngineSetting> {
  return settings.get<Record<string, DockerEngineSetting>>(DOCKER_ENGINES) ?? {};
}

export function projectEngine(settings: SettingsReader, projectId: string): string | undefined {
  return settings.get<Record<string, string>>(DOCKER_PROJECT_ENGINES)?.[projectId] || undefined;
}

/** The settings key of the image a definition declares as `name`: `images.<name>`. */
export const imageKey = imageSettingKey;

/** The variable that names an image where no setting does (CI points it at local images). */
export { imageEnvVar };

/**
 * The image called `name` in `images` (every kind's declarations, nodes/definitions.ts): the
 * setting, then PIPEWRIGHT_IMAGE_<NAME>, then the default its definition pins. A name no
 * definition declares is a programming error, said as such rather than run as `undefined`.
 */
export function baseImage(name: string, settings: SettingsReader, images: readonly BaseImage[] = baseImages): string {
  const declared = images.find((i) => i.name === name);
  if (!declared) {
    throw new Error(`no node kind declares an image called "${name}"; add it to the images of the kind's definition`);
  }
  return settings.get<string>(declared.key) || process.env[declared.envVar] || declared.default;
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

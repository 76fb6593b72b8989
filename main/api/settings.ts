import { SETTING_KEYS, budgetKey, type CallHandlers, type SettingValues } from '../../preload/contract';
import { DockerClient } from '../adapters/docker';
import { budgetProjectProblem } from '../adapters/llm/budget-project';
import type { Host } from '../host';
import { testDefaultEngine, testEndpoint } from './connection-tests';
import type { SecretsProvider, ServicesProvider } from './providers';

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

export function settingsHandlers(
  host: Host,
): Handlers<'settings.get' | 'settings.set' | 'docker.testEngine' | 'docker.testDefaultEngine' | 'llm.testEndpoint' | 'budget.get' | 'budget.set'> {
  const { settings } = host.store;
  return {
    'settings.get': () => {
      // Only the keys the contract names: the table also holds per-pipeline UI state.
      const values: Record<string, unknown> = {};
      for (const key of SETTING_KEYS) {
        const value = settings.get(key);
        if (value !== undefined) values[key] = value;
      }
      return values as SettingValues;
    },
    'settings.set': ({ key, value }) => {
      settings.set(key, value);
      return { ok: true as const };
    },
    'docker.testEngine': (engine) => DockerClient.test(engine),
    'docker.testDefaultEngine': () => testDefaultEngine(host),
    'llm.testEndpoint': (endpoint) => testEndpoint(host, endpoint),
    'budget.get': ({ projectId }) => {
      const usd = settings.get(budgetKey(projectId));
      return { usd: typeof usd === 'number' ? usd : null };
    },
    'budget.set': ({ projectId, usd }) => {
      const problem = budgetProjectProblem(host.store, projectId);
      if (problem) throw new Error(problem);
      settings.set(budgetKey(projectId), usd ?? undefined);
      return { ok: true as const };
    },
  };
}

export function secretHandlers(secrets: SecretsProvider): Handlers<'secrets.list' | 'secrets.set' | 'secrets.delete'> {
  return {
    // Names only: a value, once set, never travels back to any UI.
    'secrets.list': () => ({ available: true, names: secrets.names() }),
    'secrets.set': ({ name, value }) => {
      secrets.set(name, value);
      return { ok: true as const };
    },
    'secrets.delete': ({ name }) => ({ deleted: secrets.delete(name) }),
  };
}

export function serviceHandlers(services: ServicesProvider): Handlers<'services.list' | 'services.stop' | 'services.logs'> {
  return {
    'services.list': ({ projectId }) => services.list(projectId),
    'services.stop': async ({ id }) => {
      await services.stop(id);
      return { ok: true as const };
    },
    'services.logs': async ({ id, tail }) => ({ text: await services.logs(id, tail) }),
  };
}

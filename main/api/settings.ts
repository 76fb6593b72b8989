import { SETTING_KEYS, budgetKey, type CallHandlers, type SettingValues } from '../../preload/contract';
import type { Host } from '../host';
import { NO_SECRETS_REASON, NO_SERVICES_REASON, type SecretsProvider, type ServicesProvider } from './providers';

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

export function settingsHandlers(host: Host): Handlers<'settings.get' | 'settings.set' | 'budget.get' | 'budget.set'> {
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
    'budget.get': ({ projectId }) => {
      const usd = settings.get(budgetKey(projectId));
      return { usd: typeof usd === 'number' ? usd : null };
    },
    'budget.set': ({ projectId, usd }) => {
      settings.set(budgetKey(projectId), usd ?? undefined);
      return { ok: true as const };
    },
  };
}

export function secretHandlers(secrets?: SecretsProvider): Handlers<'secrets.list' | 'secrets.set' | 'secrets.delete'> {
  const unavailable = () => {
    throw new Error(NO_SECRETS_REASON);
  };
  return {
    'secrets.list': () =>
      secrets ? { available: true, names: secrets.names() } : { available: false, names: [], reason: NO_SECRETS_REASON },
    'secrets.set': ({ name, value }) => {
      if (!secrets) return unavailable();
      secrets.set(name, value);
      return { ok: true as const };
    },
    'secrets.delete': ({ name }) => (secrets ? { deleted: secrets.delete(name) } : unavailable()),
  };
}

export function serviceHandlers(services?: ServicesProvider): Handlers<'services.list' | 'services.stop' | 'services.logs'> {
  const unavailable = () => {
    throw new Error(NO_SERVICES_REASON);
  };
  return {
    'services.list': async ({ projectId }) =>
      services
        ? { available: true, services: await services.list(projectId) }
        : { available: false, services: [], reason: NO_SERVICES_REASON },
    'services.stop': async ({ id }) => {
      if (!services) return unavailable();
      await services.stop(id);
      return { ok: true as const };
    },
    'services.logs': async ({ id, tail }) => (services ? { text: await services.logs(id, tail) } : unavailable()),
  };
}

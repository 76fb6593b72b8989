import { create } from 'zustand';
import type { SecretList, SettingKey, SettingValues } from '../../../preload/contract';
import { call } from '../api';

export type Theme = 'dark' | 'light';

export interface SettingsState {
  values: SettingValues;
  secrets: SecretList;
  loaded: boolean;
  load(): Promise<void>;
  set<K extends SettingKey>(key: K, value: SettingValues[K] | undefined): Promise<void>;
  loadSecrets(): Promise<void>;
  setSecret(name: string, value: string): Promise<void>;
  deleteSecret(name: string): Promise<void>;
}

export const useSettings = create<SettingsState>()((set, get) => ({
  values: {},
  secrets: { available: false, names: [] },
  loaded: false,
  async load() {
    const values = await call('settings.get', {});
    set({ values, loaded: true });
  },
  async set(key, value) {
    const before = get().values;
    // Shown at once; put back if main refuses it.
    set({ values: { ...before, [key]: value } });
    try {
      await call('settings.set', { key, value } as never);
    } catch (err) {
      set({ values: before });
      throw err;
    }
  },
  async loadSecrets() {
    set({ secrets: await call('secrets.list', {}) });
  },
  async setSecret(name, value) {
    await call('secrets.set', { name, value });
    await get().loadSecrets();
  },
  async deleteSecret(name) {
    await call('secrets.delete', { name });
    await get().loadSecrets();
  },
}));

/** The theme in force: the one chosen, or the system's. */
export function resolveTheme(choice: SettingValues['ui.theme'], systemDark: boolean): Theme {
  if (choice === 'dark' || choice === 'light') return choice;
  return systemDark ? 'dark' : 'light';
}

import { create } from 'zustand';
import type { ServiceList } from '../../../preload/contract';
import { call } from '../api';

export interface ServicesState {
  list: ServiceList;
  loading: boolean;
  error?: string;
  refresh(projectId?: string): Promise<void>;
  stop(id: string, projectId?: string): Promise<void>;
  logs(id: string): Promise<string>;
}

export const useServices = create<ServicesState>()((set, get) => ({
  // Until the first answer: looking, not "Docker is not reachable".
  list: { available: true, services: [] },
  loading: true,
  async refresh(projectId) {
    set({ loading: true, error: undefined });
    try {
      set({ list: await call('services.list', { projectId }), loading: false });
    } catch (err) {
      set({ loading: false, error: (err as Error).message });
    }
  },
  async stop(id, projectId) {
    await call('services.stop', { id });
    await get().refresh(projectId);
  },
  async logs(id) {
    return (await call('services.logs', { id })).text;
  },
}));

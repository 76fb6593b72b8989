import { create } from 'zustand';
import type { CatalogEntry } from '../../../preload/contract';
import { call } from '../api';
import { reportError } from './ui';

interface CatalogState {
  /** Pipelines a `pipeline` node can run, as main last listed them. */
  entries: CatalogEntry[];
  refresh(): Promise<void>;
}

export const useCatalog = create<CatalogState>()((set) => ({
  entries: [],
  async refresh() {
    try {
      set({ entries: await call('pipeline.catalog', {}) });
    } catch (err) {
      reportError(err);
    }
  },
}));

/** Entries matching a search of the palette (name, description, project, ref). */
export function searchPipelines(entries: readonly CatalogEntry[], query: string, exclude?: string): CatalogEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => {
    if (e.ref === exclude) return false;
    const hay = `${e.name} ${e.description ?? ''} ${e.projectName ?? ''} ${e.ref}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

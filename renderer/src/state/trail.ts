import { create } from 'zustand';

/** One pipeline on the way in: its id and the name the breadcrumb shows. */
export interface Crumb {
  id: string;
  name: string;
}

interface TrailState {
  /**
   * The pipelines opened through `pipeline` nodes, outermost first: empty while the project's
   * own pipeline is shown, else that pipeline followed by each one opened from the one before.
   */
  crumbs: Crumb[];
  enter(from: Crumb, to: Crumb): void;
  /** Goes back out to the pipeline at `index` of the crumbs. */
  backTo(index: number): void;
  clear(): void;
}

export const useTrail = create<TrailState>()((set, get) => ({
  crumbs: [],
  enter(from, to) {
    const crumbs = get().crumbs;
    set({ crumbs: crumbs.length ? [...crumbs, to] : [from, to] });
  },
  backTo(index) {
    set({ crumbs: index <= 0 ? [] : get().crumbs.slice(0, index + 1) });
  },
  clear() {
    if (get().crumbs.length) set({ crumbs: [] });
  },
}));

/** The pipeline opened inside the project's own, when one is. */
export const innerPipelineId = (s: TrailState): string | undefined => (s.crumbs.length > 1 ? s.crumbs.at(-1)!.id : undefined);

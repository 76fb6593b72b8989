import { create } from 'zustand';
import type { GalleryEntry, Project } from '../../../preload/contract';
import { call } from '../api';

export interface ProjectsState {
  projects: Project[];
  gallery: GalleryEntry[];
  loaded: boolean;
  refresh(): Promise<void>;
  loadGallery(): Promise<void>;
  create(name: string): Promise<Project>;
  rename(id: string, name: string): Promise<void>;
  duplicate(id: string, name: string): Promise<Project>;
  remove(id: string): Promise<void>;
  openBundled(file: string): Promise<Project>;
}

export const useProjects = create<ProjectsState>()((set, get) => ({
  projects: [],
  gallery: [],
  loaded: false,
  async refresh() {
    set({ projects: await call('projects.list', {}), loaded: true });
  },
  async loadGallery() {
    if (get().gallery.length) return;
    set({ gallery: await call('templates.gallery', {}) });
  },
  async create(name) {
    const project = await call('projects.create', { name });
    await get().refresh();
    return project;
  },
  async rename(id, name) {
    await call('projects.rename', { id, name });
    await get().refresh();
  },
  async duplicate(id, name) {
    const project = await call('projects.duplicate', { id, name });
    await get().refresh();
    return project;
  },
  async remove(id) {
    await call('projects.delete', { id });
    await get().refresh();
  },
  async openBundled(file) {
    const project = await call('templates.openBundled', { file });
    await get().refresh();
    return project;
  },
}));

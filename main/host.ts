import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { definitionsByKind } from '../nodes/definitions';
import { runtimes } from '../nodes/runtimes';
import { createPty } from './adapters/pty/pty';
import { hostCapabilities } from './capabilities';
import { Engine } from './engine/engine';
import type { NodeRegistry } from './engine/types';
import { createPipelineResolver } from './pipeline-resolver';
import { Store } from './store';

/** Every node kind this build knows, as the engine sees them. */
export const registry: NodeRegistry = {
  definition: (kind) => definitionsByKind.get(kind),
  runtime: (kind) => runtimes.get(kind),
};

/** Bundled resources (templates, schema): beside the sources, or in the packaged app. */
export function resourcesDir(): string {
  if (process.env.PIPEWRIGHT_RESOURCES) return process.env.PIPEWRIGHT_RESOURCES;
  // Sources run from main/, the build from out/main/: walk up to the folder that has them.
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'resources', 'pipeline.schema.json'))) return join(dir, 'resources');
    if (dirname(dir) === dir) return resolve('resources');
  }
}

export interface Host {
  home: string;
  store: Store;
  engine: Engine;
  /** Looks up relative sub-pipeline template paths in `dir` before anywhere else. */
  addTemplateDir(dir: string): void;
  close(): void;
}

export interface HostOptions {
  home: string;
  /** Folders where relative template paths in sub-pipeline refs are looked up, first match wins. */
  templateDirs?: string[];
}

/**
 * The composition root for one data folder: the store, the engine and the real adapters.
 * The CLI, the server and the Electron shell each open one.
 */
export function openHost({ home, templateDirs = [] }: HostOptions): Host {
  const store = Store.open(home);
  // The resolver reads this array at each call, so addTemplateDir takes effect at once.
  const searchDirs = [...templateDirs, process.cwd(), join(resourcesDir(), 'templates')];
  const loadPipeline = createPipelineResolver({ saved: (id) => store.pipelines.get(id) }, searchDirs);
  const engine = new Engine({
    registry,
    cache: store.cache,
    pty: createPty(),
    workspaceRoot: join(home, 'workspaces'),
    loadPipeline,
    capabilities: hostCapabilities({ home, store }),
  });
  return {
    home,
    store,
    engine,
    addTemplateDir: (dir) => searchDirs.unshift(dir),
    close: () => store.close(),
  };
}

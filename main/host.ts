import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { definitionsByKind } from '../nodes/definitions';
import type { Pipeline } from '../nodes/sdk';
import { runtimes } from '../nodes/runtimes';
import { createPty } from './adapters/pty/pty';
import { BuiltinModel } from './adapters/local-llm/builtin-model';
import type { DockerClient } from './adapters/docker';
import { hostCapabilities } from './capabilities';
import { dockerClientFor } from './docker-client';
import { Engine } from './engine/engine';
import type { NodeRegistry } from './engine/types';
import { createPipelineResolver } from './pipeline-resolver';
import { localServicesOf, type LocalServices } from './services';
import { Store, type KeyProvider } from './store';

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
  /** The Docker engine as the settings point at it (services listing, logs, stop). */
  docker: DockerClient;
  /**
   * Local processes runs started as services, from their records in the data folder: they
   * outlive the run and this host, until stopped (Services, `pipewright services stop`).
   */
  localServices: LocalServices;
  /** The built-in local model: the models folder and the model in memory (endpoint `builtin`). */
  builtin: BuiltinModel;
  /** Resolves a sub-pipeline ref: a saved pipeline id, then a template file. */
  loadPipeline(ref: string): Pipeline;
  /** Looks up relative sub-pipeline template paths in `dir` before anywhere else. */
  addTemplateDir(dir: string): void;
  close(): void;
}

export interface HostOptions {
  home: string;
  /** Folders where relative template paths in sub-pipeline refs are looked up, first match wins. */
  templateDirs?: string[];
  /** Where the secrets key comes from (the desktop app's OS keychain); a 0600 file in `home` by default. */
  secretKey?: KeyProvider;
}

/**
 * The composition root for one data folder: the store, the engine and the real adapters.
 * The CLI, the server and the Electron shell each open one.
 */
export function openHost({ home, templateDirs = [], secretKey }: HostOptions): Host {
  const store = Store.open(home, { secretKey });
  // The resolver reads this array at each call, so addTemplateDir takes effect at once. Not the
  // working folder: a ref from a template someone sent may name only files beside that template.
  const searchDirs = [...templateDirs, join(resourcesDir(), 'templates')];
  const loadPipeline = createPipelineResolver({ saved: (id) => store.pipelines.get(id) }, searchDirs);
  const docker = dockerClientFor(store.settings);
  const localServices = localServicesOf(store);
  const builtin = BuiltinModel.forHome(home);
  // Services held for a run that ended without releasing them (its Pipewright was killed).
  void localServices
    .stopOrphans((runId) => {
      const status = store.runs.get(runId)?.status;
      return status !== undefined && status !== 'running';
    })
    .catch(() => undefined);
  const engine = new Engine({
    registry,
    cache: store.cache,
    pty: createPty(),
    workspaceRoot: join(home, 'workspaces'),
    loadPipeline,
    capabilities: hostCapabilities({ home, store, docker, localServices, builtin }),
    // What a run started without keeping goes when it ends, cancelled or not.
    afterRun: async (runId) => {
      await localServices.releaseRun(runId);
      await docker.removeRunLeftovers(runId);
    },
  });
  return {
    home,
    store,
    engine,
    docker,
    localServices,
    builtin,
    loadPipeline,
    addTemplateDir: (dir) => searchDirs.unshift(dir),
    // Kept local services are detached and recorded: they stay. Those held for a run were
    // stopped when their run ended (afterRun), cancelled or not.
    close: () => {
      void builtin.dispose();
      store.close();
    },
  };
}

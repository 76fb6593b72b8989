import pkg from '../../package.json';
import { definitions } from '../../nodes/definitions';
import type { CallHandlers, EventName, EventPayload } from '../../preload/contract';
import type { Host } from '../host';
import { listServices, serviceLogs, stopService } from '../services';
import { pipelineHandlers, projectHandlers } from './documents';
import { migrateLegacyAnnotations } from './legacy-annotations';
import type { SecretsProvider, ServicesProvider } from './providers';
import { RunManager } from './runs';
import { RunQueue } from './run-queue';
import { secretHandlers, serviceHandlers, settingsHandlers } from './settings';
import { usageHandlers } from './usage';
import { catalogHandlers } from './catalog';
import { modelsHandlers } from './models';
import { askHandlers } from './ask';
import { runFilesHandlers } from '../run-files';
import { templateHandlers, templatesDir } from './templates';

export type { SecretsProvider, ServicesProvider } from './providers';
export { dispatchCall } from './dispatch';
export type { RunManager, RunRequest } from './runs';

/** The Services panel's view of the host: containers from Docker's labels, and local processes. */
function hostServices(host: Host): ServicesProvider {
  const deps = { docker: host.docker, local: host.localServices, redact: (text: string) => host.store.secrets.matcher().redact(text) };
  return {
    list: (projectId) => listServices(deps, { projectId }),
    stop: async (id) => {
      await stopService(deps, id);
    },
    logs: (id, tail) => serviceLogs(deps, id, tail),
  };
}

/** Sends an event to every connected UI (IPC windows, WebSocket clients). */
export type EventSink = <N extends EventName>(name: N, payload: EventPayload<N>) => void;

export interface ApiOptions {
  host: Host;
  emit: EventSink;
  secrets?: SecretsProvider;
  services?: ServicesProvider;
  /** Bundled templates (default: resources/templates). */
  templatesDir?: string;
}

export interface Api {
  handlers: CallHandlers;
  /** The runs the handlers start, for the HTTP API that starts, cancels and streams them too. */
  runs: RunManager;
  /** Cancels the runs still going and waits for them; the host stays open. */
  close(): Promise<void>;
}

/**
 * Every call of the contract over one Host. The Electron IPC binding and the WebSocket server
 * both serve these handlers, so the desktop app and the browser behave the same.
 */
export function createApi(options: ApiOptions): Api {
  const { host, emit } = options;
  migrateLegacyAnnotations(host);
  const runs = new RunManager(host, (event) => emit('run.event', event));
  const queue = new RunQueue(host, runs, (state) => emit('queue.changed', state));
  // The same lookup the engine uses for sub-pipeline refs: saved pipelines, then templates.
  const loadPipeline = host.loadPipeline;
  const changed = () => emit('projects.changed', {});
  const handlers: CallHandlers = {
    'app.info': () => ({ version: pkg.version, nodeKinds: definitions.map((d) => d.kind), home: host.home }),
    ...projectHandlers(host, changed),
    ...pipelineHandlers(host, loadPipeline),
    ...templateHandlers(host, changed, options.templatesDir),
    ...catalogHandlers(host, options.templatesDir ?? templatesDir()),
    ...runs.handlers(),
    ...settingsHandlers(host),
    ...usageHandlers(host),
    ...modelsHandlers(host.builtin, emit),
    ...secretHandlers(options.secrets ?? host.store.secrets),
    ...serviceHandlers(options.services ?? hostServices(host)),
    ...askHandlers(host, runs, emit),
    ...runFilesHandlers(host),
    ...queue.handlers(),
  };
  return { handlers, runs, close: () => runs.stopAll() };
}

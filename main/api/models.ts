import type { CallHandlers, ModelPullEvent } from '../../preload/contract';
import type { BuiltinModel } from '../adapters/local-llm/builtin-model';
import type { EventSink } from './index';

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

/**
 * Settings → Local models: the host's model library and the model in memory. A pull runs in
 * the background (a model is gigabytes) and reports through `models.pull` events; its part
 * file stays when it is cancelled or cut, so pulling again resumes.
 */
export function modelsHandlers(builtin: BuiltinModel, emit: EventSink): Handlers<'models.list' | 'models.pull' | 'models.cancelPull' | 'models.add' | 'models.remove'> {
  const { library } = builtin;
  const pulls = new Map<string, AbortController>();
  return {
    'models.list': () => {
      const loaded = builtin.loaded();
      return {
        models: library.list(),
        loaded: loaded ? { id: loaded.id, gpu: loaded.gpu, contextSize: loaded.contextSize, threads: loaded.threads } : null,
        pulling: [...pulls.keys()],
        defaultModel: library.defaultModel()?.id ?? null,
      };
    },
    'models.pull': ({ id }) => {
      if (pulls.has(id)) return { ok: true as const };
      if (!library.catalog.some((e) => e.id === id)) throw new Error(`there is no model "${id}" in the catalog`);
      const controller = new AbortController();
      pulls.set(id, controller);
      let last: ModelPullEvent = { id, receivedBytes: 0, bytesPerSecond: 0 };
      library
        .pull(id, { signal: controller.signal, onProgress: (p) => emit('models.pull', (last = { id, ...p })) })
        .then(
          (model) => emit('models.pull', { ...last, receivedBytes: model.bytes, totalBytes: model.bytes, secondsLeft: 0, done: true }),
          (err: Error) =>
            emit('models.pull', {
              ...last,
              error: controller.signal.aborted ? 'stopped; pull again to resume where it stopped' : err.message,
            }),
        )
        .finally(() => pulls.delete(id));
      return { ok: true as const };
    },
    'models.cancelPull': ({ id }) => {
      const pull = pulls.get(id);
      pull?.abort();
      return { cancelled: !!pull };
    },
    'models.add': async ({ path, name }) => {
      const model = await library.add(path, name);
      return library.list().find((r) => r.id === model.id)!;
    },
    'models.remove': async ({ id }) => {
      // The file may be the one in memory: unload it before it goes.
      if (builtin.loaded()?.id === id) await builtin.host.unload();
      return { deletedFile: (await library.remove(id)).deletedFile };
    },
  };
}

/**
 * The model's thread: loading and generating block for seconds at a time, so they happen here
 * and the main thread (the app, the engine, the server) keeps answering. Started by
 * model-host.ts; speaks the messages of protocol.ts.
 */
import { parentPort } from 'node:worker_threads';
import { disposeRuntimes, LoadedModel } from './llama-runtime';
import type { FromWorker, ToWorker } from './protocol';

if (!parentPort) throw new Error('worker.ts runs as a worker thread of model-host.ts');
const port = parentPort;

let loaded: LoadedModel | undefined;
const running = new Map<number, AbortController>();
const send = (message: FromWorker) => port.postMessage(message);

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'load':
      await loaded?.dispose();
      loaded = undefined;
      loaded = await LoadedModel.load(message.settings);
      send({ type: 'loaded', id: message.id, info: loaded.info });
      return;
    case 'chat': {
      if (!loaded) throw new Error('no model is loaded');
      const controller = new AbortController();
      running.set(message.id, controller);
      try {
        const answer = await loaded.generate(message.chat, controller.signal, (delta) => send({ type: 'text', id: message.id, delta }));
        send({ type: 'answer', id: message.id, answer });
      } finally {
        running.delete(message.id);
      }
      return;
    }
    case 'cancel':
      running.get(message.id)?.abort();
      return;
    case 'unload':
      await loaded?.dispose();
      loaded = undefined;
      send({ type: 'unloaded', id: message.id });
      return;
    case 'exit':
      // Everything native is released first, so no callback of the runtime's threads (its log
      // lines) reaches a thread being torn down; then the closed port lets the thread end.
      await loaded?.dispose();
      loaded = undefined;
      await disposeRuntimes();
      port.close();
      return;
  }
}

port.on('message', (message: ToWorker) => {
  handle(message).catch((err: unknown) => {
    const error = err instanceof Error ? err : new Error(String(err));
    send({ type: 'failed', id: message.id, message: error.message, aborted: error.name === 'AbortError' });
  });
});

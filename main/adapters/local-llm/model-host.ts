/**
 * The main thread's side of the built-in model: it starts the worker thread, loads one model
 * at a time (after checking it fits), sends one chat at a time, cancels, and unloads the model
 * when it has been idle a while (the worker ends, so its memory goes back to the machine).
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkGguf } from './gguf-check';
import { fitModel, thisMachine, type Machine } from './machine-fit';
import type { FromWorker, LoadedInfo, LocalAnswer, LocalChat, ToWorker } from './protocol';

export interface ModelHostOptions {
  /** Unload after this long without a request (default 5 minutes). */
  idleMs?: number;
  /** `auto` (default) uses a GPU where the runtime finds one; PIPEWRIGHT_LOCAL_GPU=off turns that off. */
  gpu?: 'auto' | false;
  /** What the machine has free; measured at each load unless given. */
  machine?: () => Machine;
  /** How long loading a model may take before it is given up (default 10 minutes). */
  loadTimeoutMs?: number;
}

/** How long the thread has to free the runtime and end by itself before it is terminated. */
const EXIT_GRACE_MS = 10_000;

export interface LoadedModelStatus extends LoadedInfo {
  path: string;
}

interface Pending {
  resolve(message: FromWorker): void;
  reject(error: Error): void;
  onText?(delta: string): void;
}

/**
 * The worker's entry: built beside the app's main bundle (this code may sit in a chunk one
 * folder below it), or, from the sources, worker.ts run through tsx.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  for (const dir of [__dirname, dirname(__dirname)]) {
    const built = join(dir, 'local-model-worker.js');
    if (existsSync(built)) return { file: built, execArgv: [] };
  }
  return { file: join(__dirname, 'worker.ts'), execArgv: ['--import', 'tsx'] };
}

function abortError(): Error {
  return Object.assign(new Error('cancelled'), { name: 'AbortError' });
}

export class ModelHost {
  private worker: Worker | undefined;
  private loaded: LoadedModelStatus | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Requests run one after another: one model, one context, one answer at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Requests queued or running: the idle timer starts only when none is left. */
  private busy = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly idleMs: number;
  private readonly gpu: 'auto' | false;
  private readonly machine: () => Machine;
  private readonly loadTimeoutMs: number;

  constructor(options: ModelHostOptions = {}) {
    this.idleMs = options.idleMs ?? 5 * 60_000;
    this.loadTimeoutMs = options.loadTimeoutMs ?? 10 * 60_000;
    this.gpu = options.gpu ?? (process.env.PIPEWRIGHT_LOCAL_GPU === 'off' ? false : 'auto');
    this.machine = options.machine ?? thisMachine;
  }

  /** The model in memory now, with its context size, threads and GPU; undefined when none is. */
  status(): LoadedModelStatus | undefined {
    return this.loaded;
  }

  /** Answers `chat` with the model file at `path`, loading it first (and unloading another). */
  chat(path: string, chat: LocalChat, options: { signal?: AbortSignal; onText?: (delta: string) => void } = {}): Promise<LocalAnswer> {
    return this.unlessAborted(options.signal, async () => {
      if (options.signal?.aborted) throw abortError();
      await this.ensureLoaded(path);
      // Cancelled while the model loaded: an abort listener added now would never fire.
      if (options.signal?.aborted) throw abortError();
      const id = this.nextId++;
      const cancel = () => this.post({ type: 'cancel', id });
      options.signal?.addEventListener('abort', cancel, { once: true });
      try {
        const reply = await this.request({ type: 'chat', id, chat }, options.onText);
        if (reply.type !== 'answer') throw new Error(`the model's worker answered ${reply.type} to a chat`);
        return reply.answer;
      } finally {
        options.signal?.removeEventListener('abort', cancel);
      }
    });
  }

  /**
   * Runs `task` in turn, but answers an abort at once, even while the task waits behind another
   * request or for its model to load (those go on; the queue stays in order).
   */
  private unlessAborted<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    const run = this.serially(task);
    if (!signal) return run;
    if (signal.aborted) {
      run.catch(() => {});
      return Promise.reject(abortError());
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        run.catch(() => {});
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      run.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Loads `path` now (chat does this itself); returns what the runtime chose. */
  load(path: string): Promise<LoadedModelStatus> {
    return this.serially(() => this.ensureLoaded(path));
  }

  /** Frees the model's memory now: the worker thread ends. */
  unload(): Promise<void> {
    return this.serially(() => this.stopWorker());
  }

  async dispose(): Promise<void> {
    await this.unload();
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    clearTimeout(this.idleTimer);
    this.busy++;
    const run = this.queue.then(task, task);
    const settled = () => {
      this.busy--;
      this.armIdle();
    };
    this.queue = run.then(settled, settled);
    return run;
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    if (!this.worker || this.busy > 0) return;
    this.worker.unref();
    this.idleTimer = setTimeout(() => void this.unload(), this.idleMs);
    this.idleTimer.unref();
  }

  private async ensureLoaded(path: string): Promise<LoadedModelStatus> {
    if (this.loaded?.path === path && this.worker) return this.loaded;
    // One model at a time: the one in memory goes before the next is measured against what is free.
    // The thread and its runtime stay for the next model.
    if (this.loaded && this.worker) {
      this.loaded = undefined;
      await this.request({ type: 'unload', id: this.nextId++ }).catch(() => this.stopWorker());
    }
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`the model file ${path} cannot be read (${err.code ?? err.message}): add it again with pipewright models add, or pull it`);
    });
    if (!info.isFile()) throw new Error(`the model file ${path} is not a file: add a .gguf file with pipewright models add, or pull the model again`);
    const fit = fitModel(basename(path), info.size, this.machine());
    // The runtime's own reader trusts the file's counts and can read a damaged one forever.
    await checkGguf(path).catch((err: Error) => {
      throw new Error(`the model file ${path} cannot be loaded: ${err.message}; pull it again, or add another GGUF file`);
    });
    const load = this.request({ type: 'load', id: this.nextId++, settings: { path, contextSize: fit.contextSize, threads: fit.threads, gpu: this.gpu } });
    let timer: NodeJS.Timeout | undefined;
    const timedOutError = new Error(`loading took longer than ${Math.round(this.loadTimeoutMs / 1000)} s, and was given up`);
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timedOutError), this.loadTimeoutMs);
    });
    const reply = await Promise.race([load, timedOut])
      .catch(async (err: Error) => {
        // A refusal leaves the thread as it was; a load that hangs or a thread that died does not.
        if (err === timedOutError || !this.worker) await this.stopWorker();
        throw new Error(
          `the model file ${path} could not be loaded (${err.message}): it may be damaged, cut short, or made for another llama.cpp version; pull it again, or add another GGUF file`,
        );
      })
      .finally(() => clearTimeout(timer));
    if (reply.type !== 'loaded') throw new Error(`the model's worker answered ${reply.type} to a load`);
    this.loaded = { path, ...reply.info };
    return this.loaded;
  }

  /**
   * Ends the worker thread. Terminating it outright while the runtime's native threads still
   * deliver log lines to it brings down the whole process (a fatal N-API error): it is asked
   * to free the runtime and end by itself, and terminated only when it does not in time.
   */
  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.loaded = undefined;
    if (!worker) return;
    const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'exit', id: this.nextId++ } satisfies ToWorker);
    const timer = setTimeout(() => void worker.terminate(), EXIT_GRACE_MS);
    await ended;
    clearTimeout(timer);
  }

  private startWorker(): Worker {
    const { file, execArgv } = workerEntry();
    const worker = new Worker(file, { execArgv });
    const failAll = (error: Error) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.loaded = undefined;
      }
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(error);
      }
    };
    worker.on('message', (message: FromWorker) => {
      const p = this.pending.get(message.id);
      if (!p) return;
      if (message.type === 'text') return p.onText?.(message.delta);
      this.pending.delete(message.id);
      if (message.type === 'failed') p.reject(message.aborted ? abortError() : new Error(message.message));
      else p.resolve(message);
    });
    worker.on('error', (err) => failAll(new Error(`the built-in model's thread failed: ${err.message}`)));
    worker.on('exit', (code) => failAll(new Error(`the built-in model's thread ended (exit code ${code}) before answering`)));
    return worker;
  }

  private request(message: ToWorker, onText?: (delta: string) => void): Promise<FromWorker> {
    this.worker ??= this.startWorker();
    // Held while a request is open, so a CLI process does not exit under it.
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, onText });
      this.post(message);
    });
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}

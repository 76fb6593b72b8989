/** How long a runtime may take to stop once its node is cancelled or timed out. */
export const STOP_GRACE_MS = 3000;

/** What `settleOrAbandon` gives when the runtime did not stop in time. */
export const ABANDONED: unique symbol = Symbol('abandoned');

/** A runtime being waited on: abandoned `graceMs` after its signal aborts, unless it settles first. */
interface Waiter {
  graceMs: number;
  timer?: NodeJS.Timeout;
  resolve(value: typeof ABANDONED): void;
}

/**
 * The waiters of each signal, behind one abort listener per signal: every node of a run waits
 * on the run's signal, and adding and removing a listener per node cost more than a no-op
 * node's whole run.
 */
const waiting = new WeakMap<AbortSignal, Set<Waiter>>();

function startGrace(w: Waiter): void {
  w.timer = setTimeout(w.resolve, w.graceMs, ABANDONED);
}

function watch(signal: AbortSignal, w: Waiter): Set<Waiter> {
  let set = waiting.get(signal);
  if (!set) {
    const waiters = (set = new Set());
    waiting.set(signal, waiters);
    signal.addEventListener('abort', () => waiters.forEach(startGrace), { once: true });
  }
  set.add(w);
  return set;
}

/**
 * The runtime's own result, or ABANDONED once `signal` has been aborted for `graceMs`
 * without the runtime settling. A runtime stuck where no signal reaches it (a blocking read of
 * a FIFO, a library that ignores aborts) must not hold the run, its cancel or its timeout
 * hostage. Whatever the runtime does after being abandoned is ignored.
 */
export function settleOrAbandon<T>(running: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T | typeof ABANDONED> {
  return new Promise((resolve, reject) => {
    const w: Waiter = { graceMs, timer: undefined, resolve };
    let set: Set<Waiter> | undefined;
    if (signal.aborted) startGrace(w);
    else set = watch(signal, w);
    running.then(
      (value) => {
        set?.delete(w);
        clearTimeout(w.timer);
        resolve(value);
      },
      (err: unknown) => {
        set?.delete(w);
        clearTimeout(w.timer);
        reject(err);
      },
    );
  });
}

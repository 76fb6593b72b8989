/** How long a runtime may take to stop once its node is cancelled or timed out. */
export const STOP_GRACE_MS = 3000;

/** What `settleOrAbandon` gives when the runtime did not stop in time. */
export const ABANDONED: unique symbol = Symbol('abandoned');

/**
 * The runtime's own result, or ABANDONED once `signal` has been aborted for `graceMs`
 * without the runtime settling. A runtime stuck where no signal reaches it (a blocking read of
 * a FIFO, a library that ignores aborts) must not hold the run, its cancel or its timeout
 * hostage. Whatever the runtime does after being abandoned is ignored.
 */
export function settleOrAbandon<T>(running: Promise<T>, signal: AbortSignal, graceMs: number): Promise<T | typeof ABANDONED> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      timer = setTimeout(resolve, graceMs, ABANDONED);
    };
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    running.then(
      (value) => {
        done();
        resolve(value);
      },
      (err: unknown) => {
        done();
        reject(err);
      },
    );
  });
}

import type { CallFailure } from './openai-client';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/** A call that failed for good: what happened on the last try, and how many there were. */
export class CallGaveUp extends Error {
  constructor(
    readonly failure: CallFailure,
    readonly tries: number,
  ) {
    super(failure.reason);
    this.name = 'CallGaveUp';
  }
}

/**
 * Exponential backoff with full jitter (a random wait up to the doubled delay, so many clients
 * hit by one outage do not come back in step), or what the server asked for in Retry-After
 * when it said, never beyond the cap.
 */
export function retryDelay(policy: RetryPolicy, tryNumber: number, failure: CallFailure, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tryNumber - 1));
  if (failure.retryAfterMs !== undefined) return Math.min(policy.maxDelayMs, failure.retryAfterMs);
  return Math.round(ceiling * random());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `call` until it succeeds, fails with something not worth retrying, or the tries run
 * out; throws CallGaveUp then. An abort ends it at once, also during a wait.
 */
export async function withRetries<T>(
  call: () => Promise<T>,
  classify: (err: unknown) => CallFailure,
  options: { policy: RetryPolicy; signal: AbortSignal; onRetry?: (failure: CallFailure, nextTry: number, delayMs: number) => void },
): Promise<T> {
  const { policy, signal } = options;
  for (let tryNumber = 1; ; tryNumber++) {
    try {
      return await call();
    } catch (err) {
      const failure = classify(err);
      if (failure.aborted || signal.aborted) throw signal.aborted ? signal.reason : err;
      if (!failure.retryable || tryNumber >= policy.attempts) throw new CallGaveUp(failure, tryNumber);
      const delay = retryDelay(policy, tryNumber, failure);
      options.onRetry?.(failure, tryNumber + 1, delay);
      await sleep(delay, signal);
    }
  }
}

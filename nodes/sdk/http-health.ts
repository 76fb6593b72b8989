/**
 * Waiting for a freshly started app to answer over HTTP. Web-standard fetch only, so both the
 * Docker adapter and node runtimes (the local fallback) use it.
 */

export interface WaitForHttpOptions {
  url: string;
  /** Give up after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Pause between tries (default 100 ms). */
  intervalMs?: number;
  /**
   * Bound on one request. The first request to a server that has just started can hang (the
   * socket is accepted before the app reads it), so each try gets its own timeout.
   */
  requestTimeoutMs?: number;
  /** Asked between tries: a reason when the app has stopped (no point waiting on), else undefined. */
  stopped?: () => Promise<string | undefined>;
  /** Sent with every try (an API key a readiness path needs). */
  headers?: Record<string, string>;
  /**
   * Looks at the body of a 2xx answer: undefined when it shows the app ready, else what is
   * still missing (it becomes `last`). Without it any 2xx answer will do.
   */
  accept?: (body: string) => string | undefined;
}

export type WaitForHttpResult =
  | { ok: true; status: number; ms: number }
  | {
      ok: false;
      /** `stopped` when the app ended, `timeout` when it never answered 2xx in time. */
      why: 'stopped' | 'timeout';
      /** The last answer the app gave (`HTTP 503 Service Unavailable`), else what the last try met. */
      last: string;
      /** The reason `stopped()` gave. */
      stoppedReason?: string;
      ms: number;
    };

function abortError(signal: AbortSignal): Error {
  const err = new Error('cancelled while waiting for the app to answer', { cause: signal.reason });
  err.name = 'AbortError';
  return err;
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'no answer within the request timeout';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Polls `url` until it answers 2xx, the app stops, or time runs out. Never throws except
 * an AbortError when `signal` is aborted.
 */
export async function waitForHttp(options: WaitForHttpOptions): Promise<WaitForHttpResult> {
  const { url, timeoutMs, signal } = options;
  const interval = options.intervalMs ?? 100;
  const requestTimeout = options.requestTimeoutMs ?? 1000;
  const started = Date.now();
  const deadline = started + timeoutMs;
  // An answer says more than a timeout: near the deadline a try is cut short and may see none.
  let answer: string | undefined;
  let failure = 'not tried';
  const last = () => answer ?? failure;
  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    const left = deadline - Date.now();
    try {
      const bound = AbortSignal.timeout(Math.max(1, Math.min(requestTimeout, left)));
      const res = await fetch(url, {
        signal: signal ? AbortSignal.any([signal, bound]) : bound,
        redirect: 'manual',
        headers: options.headers,
      });
      const ok = res.status >= 200 && res.status < 300;
      if (ok && options.accept) {
        const missing = options.accept(await res.text());
        if (missing === undefined) return { ok: true, status: res.status, ms: Date.now() - started };
        answer = missing;
      } else {
        await res.body?.cancel().catch(() => undefined);
        if (ok) return { ok: true, status: res.status, ms: Date.now() - started };
        answer = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      }
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      failure = describe(err);
    }
    const stoppedReason = await options.stopped?.();
    if (stoppedReason !== undefined) {
      return { ok: false, why: 'stopped', last: last(), stoppedReason, ms: Date.now() - started };
    }
    if (Date.now() >= deadline) return { ok: false, why: 'timeout', last: last(), ms: Date.now() - started };
    await delay(Math.min(interval, Math.max(0, deadline - Date.now())), signal);
  }
}

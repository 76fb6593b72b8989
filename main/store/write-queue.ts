import type { SqliteDatabase } from '../adapters/db/sqlite';
import { StoreError, messageOf } from './errors';

/** Something holding writes in memory until the queue flushes them. */
export interface PendingWrites {
  hasPending(): boolean;
  /** Applies every pending write; runs inside the queue's transaction, may be called again after a rollback. */
  write(): void;
  /** Forgets the writes `write` applied, once their transaction has committed. */
  committed(): void;
  /** Drops every pending write (they kept failing); returns how many there were. */
  discard(): number;
}

/** Failed flushes in a row after which pending writes are dropped rather than retried forever. */
const MAX_FAILURES = 3;

/**
 * Batches small writes (engine events, cache touches) into one transaction every `delayMs`:
 * one commit costs tens of microseconds, far more than the engine may spend per node, while
 * queueing an event costs next to nothing.
 */
export class WriteQueue {
  private readonly sources: PendingWrites[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private readonly writeAll: () => void;

  constructor(
    db: SqliteDatabase,
    private readonly onError: (err: Error) => void,
    private readonly delayMs = 50,
  ) {
    this.writeAll = db.transaction(() => {
      for (const source of this.sources) if (source.hasPending()) source.write();
    });
  }

  add(source: PendingWrites): void {
    this.sources.push(source);
  }

  /** Flushes within `delayMs` unless a flush is already due. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(this.tick, this.delayMs);
    // Pending writes must not keep a CLI process alive; close() flushes them.
    this.timer.unref();
  }

  /**
   * Writes everything pending in one transaction. On failure the writes stay queued for the
   * next flush (a full disk may clear) and the error is thrown; after a few failures in a row
   * they are dropped, so one bad write cannot hold back every later one.
   */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.sources.some((s) => s.hasPending())) return;
    try {
      this.writeAll();
    } catch (err) {
      this.failures += 1;
      if (this.failures < MAX_FAILURES) {
        throw new StoreError(`could not save run records (${messageOf(err)}); they are kept and tried again`, {
          cause: err,
        });
      }
      this.failures = 0;
      const dropped = this.sources.reduce((n, s) => n + s.discard(), 0);
      throw new StoreError(
        `could not save run records (${messageOf(err)}); ${dropped} pending writes were dropped after ${MAX_FAILURES} attempts: check the disk holding the database`,
        { cause: err },
      );
    }
    this.failures = 0;
    for (const source of this.sources) source.committed();
  }

  /** Flushes without throwing, for callers that must not fail (event listeners, timers). */
  flushQuietly(): void {
    try {
      this.flush();
    } catch (err) {
      // The next event, read or close retries; a timer here would repeat the error every tick.
      this.onError(err as Error);
    }
  }

  private readonly tick = (): void => {
    this.timer = undefined;
    this.flushQuietly();
  };
}

import { sqliteErrorCode, type SqliteDatabase, type SqliteStatement } from '../adapters/db/sqlite';
import { StoreError } from './errors';

/** One stored undo step: its place in the pipeline's history and the patch, as JSON text. */
export interface UndoStepRow {
  step: number;
  patch: string;
}

/** A pipeline's undo history as stored: steps done (oldest first), then steps undone. */
export interface UndoHistory {
  past: UndoStepRow[];
  future: UndoStepRow[];
}

/**
 * What changed in a history since its last save: the steps kept are `first`..`last` (none when
 * first > last), those up to `cursor` are done, and `put` holds new or rewritten steps.
 */
export interface UndoHistoryChange {
  first: number;
  last: number;
  cursor: number;
  put: UndoStepRow[];
}

export interface UndoHistoryLimits {
  /** Most steps kept per pipeline, done and undone together. */
  steps: number;
  /** Most bytes of patch text kept per pipeline: a huge graph keeps fewer steps, not huge rows. */
  bytes: number;
}

export const DEFAULT_UNDO_LIMITS: UndoHistoryLimits = { steps: 200, bytes: 4 * 1024 * 1024 };

/**
 * Undo histories, one row per step, so an autosave writes the steps that changed and deletes
 * the trimmed ones instead of rewriting the whole history. Rows go with their pipeline.
 */
export class UndoHistoryStore {
  private readonly selectSteps: SqliteStatement<{ step: number; done: number; patch: string }>;
  private readonly selectSizes: SqliteStatement<{ step: number; done: number; bytes: number }>;
  private readonly deleteOutside: SqliteStatement;
  private readonly deleteStep: SqliteStatement;
  private readonly upsertStep: SqliteStatement;
  private readonly markDone: SqliteStatement;
  private readonly writeTx: (pipelineId: string, change: UndoHistoryChange) => void;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly limits: UndoHistoryLimits = DEFAULT_UNDO_LIMITS,
  ) {
    this.selectSteps = db.prepare('SELECT step, done, patch FROM undo_steps WHERE pipeline_id = ? ORDER BY step');
    this.selectSizes = db.prepare('SELECT step, done, bytes FROM undo_steps WHERE pipeline_id = ? ORDER BY step');
    this.deleteOutside = db.prepare('DELETE FROM undo_steps WHERE pipeline_id = ? AND (step < ? OR step > ?)');
    this.deleteStep = db.prepare('DELETE FROM undo_steps WHERE pipeline_id = ? AND step = ?');
    this.upsertStep = db.prepare(
      `INSERT INTO undo_steps (pipeline_id, step, done, bytes, patch) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (pipeline_id, step) DO UPDATE SET done = excluded.done, bytes = excluded.bytes, patch = excluded.patch`,
    );
    // Only the rows whose side of the cursor changed are written: undo and redo touch one each.
    this.markDone = db.prepare('UPDATE undo_steps SET done = (step <= ?) WHERE pipeline_id = ? AND done != (step <= ?)');
    this.writeTx = db.transaction((pipelineId: string, change: UndoHistoryChange) => {
      this.deleteOutside.run(pipelineId, change.first, change.last);
      for (const s of change.put) {
        this.upsertStep.run(pipelineId, s.step, s.step <= change.cursor ? 1 : 0, Buffer.byteLength(s.patch), s.patch);
      }
      this.markDone.run(change.cursor, pipelineId, change.cursor);
      this.trim(pipelineId);
    });
  }

  /** The stored history of a pipeline; empty when it has none. */
  get(pipelineId: string): UndoHistory {
    const history: UndoHistory = { past: [], future: [] };
    for (const row of this.selectSteps.all(pipelineId)) {
      (row.done ? history.past : history.future).push({ step: row.step, patch: row.patch });
    }
    return history;
  }

  /** Applies what changed since the last save, in one transaction, then trims to the limits. */
  write(pipelineId: string, change: UndoHistoryChange): void {
    try {
      this.writeTx(pipelineId, change);
    } catch (err) {
      if (sqliteErrorCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new StoreError(`no pipeline "${pipelineId}" to keep an undo history for: save the pipeline first`, { cause: err });
      }
      throw err;
    }
  }

  /** Removes a pipeline's history (deleting the pipeline does this by itself). */
  clear(pipelineId: string): void {
    this.deleteOutside.run(pipelineId, Number.MAX_SAFE_INTEGER, -1);
  }

  /**
   * Drops the oldest done steps, then the furthest undone ones, until the history fits: undo
   * and redo stay consistent with the graph because only the ends of the history go.
   */
  private trim(pipelineId: string): void {
    const rows = this.selectSizes.all(pipelineId);
    let bytes = rows.reduce((n, r) => n + r.bytes, 0);
    let count = rows.length;
    let oldest = 0;
    let furthest = rows.length - 1;
    while (count > 0 && (count > this.limits.steps || bytes > this.limits.bytes)) {
      const row = rows[oldest].done ? rows[oldest++] : rows[furthest--];
      this.deleteStep.run(pipelineId, row.step);
      bytes -= row.bytes;
      count--;
    }
  }
}

import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import type { EngineEvent, NodeStatus } from '../engine/events';
import { toJson } from './json';

type NodeEvent = Extract<EngineEvent, { type: 'node-queued' | 'node-started' | 'node-finished' }>;

// Which columns a batch has decided; the others keep what the row already holds.
const ATTEMPT = 1;
const STARTED = 2;
const FINISHED = 4;
const DURATION = 8;
const CACHE_KEY = 16;
const OUTPUTS = 32;
const FINGERPRINTS = 64;
const ERROR = 128;
const ALL = 255;

/** Named parameters of the upsert, one object per node row. */
interface NodeRow {
  runId: string;
  nodeId: string;
  kind: string;
  status: NodeStatus;
  set: number;
  attempt: number;
  startedAt: number | null;
  finishedAt: number | null;
  durationMs: number | null;
  cacheKey: string | null;
  outputs: string | null;
  fingerprints: string | null;
  error: string | null;
}

const keep = (bit: number, column: string, param: string) =>
  `${column} = iif(@set & ${bit}, @${param}, node_runs.${column})`;

/**
 * Folds the node events of one batch into a single row write per node. A fast node's queued,
 * started and finished events usually share a batch: one upsert instead of three is most of
 * what recording a run costs.
 */
export class NodeRunBatch {
  private readonly rows = new Map<string, NodeRow>();
  private readonly upsert: SqliteStatement;

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO node_runs (run_id, node_id, kind, status, attempt, started_at, finished_at, duration_ms,
         cache_key, outputs, output_fingerprints, error)
       VALUES (@runId, @nodeId, @kind, @status, @attempt, @startedAt, @finishedAt, @durationMs,
         @cacheKey, @outputs, @fingerprints, @error)
       ON CONFLICT (run_id, node_id) DO UPDATE SET kind = @kind, status = @status,
         ${keep(ATTEMPT, 'attempt', 'attempt')}, ${keep(STARTED, 'started_at', 'startedAt')},
         ${keep(FINISHED, 'finished_at', 'finishedAt')}, ${keep(DURATION, 'duration_ms', 'durationMs')},
         ${keep(CACHE_KEY, 'cache_key', 'cacheKey')}, ${keep(OUTPUTS, 'outputs', 'outputs')},
         ${keep(FINGERPRINTS, 'output_fingerprints', 'fingerprints')}, ${keep(ERROR, 'error', 'error')}`,
    );
  }

  add(e: NodeEvent): void {
    const id = `${e.runId}\0${e.nodeId}`;
    let row = this.rows.get(id);
    if (!row || e.type === 'node-queued') {
      row = {
        runId: e.runId,
        nodeId: e.nodeId,
        kind: e.kind,
        status: 'queued',
        set: 0,
        attempt: 0,
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        cacheKey: null,
        outputs: null,
        fingerprints: null,
        error: null,
      };
      this.rows.set(id, row);
    }
    row.kind = e.kind;
    switch (e.type) {
      case 'node-queued':
        // Queued again on resume: whatever an earlier attempt left on the row no longer holds.
        row.set = ALL;
        return;
      case 'node-started':
        row.status = 'running';
        row.attempt = e.attempt;
        row.startedAt = e.at;
        row.finishedAt = null;
        row.error = null;
        row.set |= ATTEMPT | STARTED | FINISHED | ERROR;
        return;
      case 'node-finished':
        row.status = e.status;
        if (e.startedAt !== undefined) {
          row.startedAt = e.startedAt;
          row.set |= STARTED;
        }
        row.finishedAt = e.at;
        row.durationMs = Math.round(e.durationMs);
        row.cacheKey = e.cacheKey ?? null;
        row.outputs = toJson(e.outputs);
        row.fingerprints = toJson(e.outputFingerprints);
        row.error = e.error ?? null;
        row.set |= FINISHED | DURATION | CACHE_KEY | OUTPUTS | FINGERPRINTS | ERROR;
        return;
    }
  }

  write(): void {
    for (const row of this.rows.values()) this.upsert.run(row);
  }

  clear(): void {
    this.rows.clear();
  }
}

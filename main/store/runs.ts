import os from 'node:os';
import { definitionsByKind } from '../../nodes/definitions';
import { loadDocument, type Pipeline } from '../../nodes/sdk';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import type { EngineEventListener, RunScope, RunStatus } from '../engine/events';
import type { CachedResult, PriorResults } from '../engine/types';
import { StoreError } from './errors';
import { fromJson, toJson } from './json';
import { LogTable, type LogChunk } from './logs';
import { RunRecorder } from './run-recorder';
import {
  toNodeRun,
  toSummary,
  type NodeRunRecord,
  type NodeRunRow,
  type RunRecord,
  type RunRow,
  type RunSummary,
} from './run-rows';
import type { WriteQueue } from './write-queue';

export type { NodeRunRecord, RunRecord, RunSummary } from './run-rows';

export interface RunBegin {
  runId: string;
  projectId: string;
  pipelineId: string;
  /** The document as it is run; kept so the run can be shown and resumed as it was. */
  doc: Pipeline;
  scope: RunScope;
  inputs?: Record<string, unknown>;
  /** Says whether `runId` must name an earlier run (true) or a new one (false); unchecked when absent. */
  resumed?: boolean;
}

export interface RunFilter {
  pipelineId?: string;
  projectId?: string;
  /** Runs whose id starts with this (the UI shows the first 8 characters of an id). */
  idPrefix?: string;
  /** Most runs returned (default 100). */
  limit?: number;
}

const RESUMABLE: ReadonlySet<RunStatus> = new Set(['interrupted', 'failed', 'cancelled']);
const SUMMARY_COLUMNS =
  'id, project_id, pipeline_id, status, scope, inputs, outputs, error, started_at, finished_at, pid, host';
const NEWEST_FIRST = 'ORDER BY started_at DESC, rowid DESC';

/** Runs, their node runs and logs, written from engine events and read back for the UI and resume. */
export class RunStore {
  private readonly host = os.hostname();
  private readonly recorderImpl: RunRecorder;
  private readonly logTable: LogTable;
  private readonly upsertBegin: SqliteStatement;
  private readonly selectRun: SqliteStatement<RunRow>;
  private readonly selectNewest: SqliteStatement<RunRow>;
  private readonly selectNodeRuns: SqliteStatement<NodeRunRow>;
  private readonly selectPrior: SqliteStatement<NodeRunRow>;
  private readonly selectRunning: SqliteStatement<{ id: string; pid: number | null; host: string | null }>;
  private readonly listQueries = new Map<string, SqliteStatement<RunRow>>();
  private readonly interruptTx: (ids: { id: string; error: string }[]) => void;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly queue: WriteQueue,
  ) {
    this.logTable = new LogTable(db);
    this.recorderImpl = new RunRecorder(db, this.logTable, queue);
    this.upsertBegin = db.prepare(
      `INSERT INTO runs (id, project_id, pipeline_id, status, scope, doc, inputs, started_at, pid, host)
       VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = 'running', scope = excluded.scope, doc = excluded.doc,
         inputs = excluded.inputs, started_at = excluded.started_at, finished_at = NULL, error = NULL,
         outputs = NULL, pid = excluded.pid, host = excluded.host`,
    );
    this.selectRun = db.prepare('SELECT * FROM runs WHERE id = ?');
    this.selectNewest = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE pipeline_id = ? ${NEWEST_FIRST} LIMIT 1`);
    this.selectNodeRuns = db.prepare(
      'SELECT * FROM node_runs WHERE run_id = ? ORDER BY started_at IS NULL, started_at, node_id',
    );
    this.selectPrior = db.prepare(
      `SELECT * FROM node_runs WHERE run_id = ? AND status IN ('succeeded', 'cached')
         AND cache_key IS NOT NULL AND outputs IS NOT NULL`,
    );
    this.selectRunning = db.prepare("SELECT id, pid, host FROM runs WHERE status = 'running'");
    const markRun = db.prepare("UPDATE runs SET status = 'interrupted', error = ? WHERE id = ? AND status = 'running'");
    const markNodes = db.prepare(
      `UPDATE node_runs SET status = 'cancelled', error = 'run was interrupted'
       WHERE run_id = ? AND status IN ('queued', 'running')`,
    );
    this.interruptTx = db.transaction((runs: { id: string; error: string }[]) => {
      for (const r of runs) {
        markRun.run(r.error, r.id);
        markNodes.run(r.id);
      }
    });
  }

  /**
   * Records a run as running before the engine starts it, with the document it runs. Called
   * with the id of an earlier run, it resumes that run: same row, running again from now.
   */
  begin(run: RunBegin): void {
    this.queue.flushQuietly();
    const existing = this.selectRun.get(run.runId);
    if (run.resumed === true && !existing) {
      throw new StoreError(`no run "${run.runId}" to resume: it may have been deleted; start a new run`);
    }
    if (run.resumed === false && existing) {
      throw new StoreError(`run id "${run.runId}" is already used: pass a new run id, or resume that run`);
    }
    if (existing?.status === 'running' && this.stillRunning(existing)) {
      throw new StoreError(
        `run "${run.runId}" is still running (process ${existing.pid} on ${existing.host}): cancel it before resuming it`,
      );
    }
    this.upsertBegin.run(
      run.runId,
      run.projectId,
      run.pipelineId,
      toJson(run.scope),
      toJson(run.doc),
      toJson(run.inputs ?? {}),
      Date.now(),
      process.pid,
      this.host,
    );
  }

  /** The listener to hand the engine (`onEvent`); the same one for every run. */
  recorder(): EngineEventListener {
    return this.recorderImpl.listener;
  }

  /** Writes every queued event now; throws when they cannot be saved. */
  flush(): void {
    this.queue.flush();
  }

  get(runId: string): RunRecord | undefined {
    this.queue.flushQuietly();
    const row = this.selectRun.get(runId);
    if (!row) return undefined;
    const doc = row.doc ? loadDocument(JSON.parse(row.doc), `run "${runId}" in ${this.db.file}`, definitionsByKind) : undefined;
    return { ...toSummary(row), ...(doc ? { doc } : {}) };
  }

  /** Newest first. */
  list(filter: RunFilter = {}): RunSummary[] {
    this.queue.flushQuietly();
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.pipelineId !== undefined) {
      where.push('pipeline_id = ?');
      params.push(filter.pipelineId);
    }
    if (filter.projectId !== undefined) {
      where.push('project_id = ?');
      params.push(filter.projectId);
    }
    if (filter.idPrefix !== undefined) {
      where.push('substr(id, 1, ?) = ?');
      params.push(filter.idPrefix.length, filter.idPrefix);
    }
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${NEWEST_FIRST} LIMIT ?`;
    let stmt = this.listQueries.get(sql);
    if (!stmt) {
      stmt = this.db.prepare<RunRow>(sql);
      this.listQueries.set(sql, stmt);
    }
    return stmt.all(...params, filter.limit ?? 100).map(toSummary);
  }

  nodeRuns(runId: string): NodeRunRecord[] {
    this.queue.flushQuietly();
    return this.selectNodeRuns.all(runId).map(toNodeRun);
  }

  /** Log chunks in the order they arrived, of one node or of the whole run. */
  logs(runId: string, nodeId?: string): LogChunk[] {
    this.queue.flushQuietly();
    return this.logTable.read(runId, nodeId);
  }

  /** The pipeline's newest run when it was cut off, failed or cancelled; undefined otherwise. */
  latestResumable(pipelineId: string): RunSummary | undefined {
    this.queue.flushQuietly();
    const row = this.selectNewest.get(pipelineId);
    return row && RESUMABLE.has(row.status) ? toSummary(row) : undefined;
  }

  /** Results a resumed run reuses: every node that succeeded or came from the cache. */
  priorResults(runId: string): PriorResults {
    this.queue.flushQuietly();
    const prior = new Map<string, CachedResult & { cacheKey: string }>();
    for (const r of this.selectPrior.all(runId)) {
      prior.set(r.node_id, {
        cacheKey: r.cache_key!,
        outputs: fromJson(r.outputs) ?? {},
        outputFingerprints: fromJson(r.output_fingerprints) ?? {},
      });
    }
    return prior;
  }

  /**
   * Marks runs left 'running' by a process that is gone (a crash, a quit, a power cut) as
   * interrupted, and their unfinished nodes as cancelled. Runs of another host are left alone:
   * their process cannot be checked from here. Returns how many runs were marked.
   */
  markInterrupted(): number {
    this.queue.flushQuietly();
    const gone = this.selectRunning
      .all()
      .filter((r) => !this.stillRunning(r))
      .map((r) => ({
        id: r.id,
        error:
          r.pid === null
            ? 'run was interrupted: resume it to reuse the nodes that finished'
            : `run was interrupted (process ${r.pid} ended before it finished): resume it to reuse the nodes that finished`,
      }));
    if (gone.length) this.interruptTx(gone);
    return gone.length;
  }

  private stillRunning(run: { pid: number | null; host: string | null }): boolean {
    if (run.host !== null && run.host !== this.host) return true;
    return run.pid !== null && isAlive(run.pid);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

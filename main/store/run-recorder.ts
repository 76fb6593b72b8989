import os from 'node:os';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import type { EngineEvent, EngineEventListener } from '../engine/events';
import { taskLine } from '../engine/task-line';
import { toJson } from './json';
import type { LogTable } from './logs';
import { NodeRunBatch } from './node-run-batch';
import type { PendingWrites, WriteQueue } from './write-queue';

/**
 * Turns the engine's event stream into runs, node_runs and logs rows. The listener only queues
 * the event (serialising outputs is left to the flush), so the engine pays a few hundred
 * nanoseconds per event; run-finished flushes at once so a finished run is on disk when the UI
 * shows it finished.
 */
export class RunRecorder implements PendingWrites {
  private events: EngineEvent[] = [];
  private readonly host = os.hostname();
  private readonly runStarted: SqliteStatement;
  private readonly runFinished: SqliteStatement;
  private readonly nodes: NodeRunBatch;

  constructor(
    db: SqliteDatabase,
    private readonly logs: LogTable,
    private readonly queue: WriteQueue,
  ) {
    // begin() normally wrote the row with its document; this only fills in a run begun without it.
    this.runStarted = db.prepare(
      `INSERT INTO runs (id, project_id, pipeline_id, status, scope, doc, inputs, started_at, pid, host)
       VALUES (?, ?, ?, 'running', ?, NULL, '{}', ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = 'running', finished_at = NULL, error = NULL,
         outputs = NULL, pid = excluded.pid, host = excluded.host`,
    );
    this.runFinished = db.prepare(
      'UPDATE runs SET status = ?, outputs = ?, error = ?, finished_at = ? WHERE id = ?',
    );
    this.nodes = new NodeRunBatch(db);
    queue.add(this);
  }

  readonly listener: EngineEventListener = (event) => {
    this.events.push(event);
    if (event.type === 'run-finished') this.queue.flushQuietly();
    else this.queue.schedule();
  };

  hasPending(): boolean {
    return this.events.length > 0;
  }

  write(): void {
    // Rebuilt from the events each time, so a retry after a rollback writes the same rows.
    this.nodes.clear();
    for (const e of this.events) this.apply(e);
    this.nodes.write();
  }

  committed(): void {
    this.events = [];
    this.nodes.clear();
  }

  discard(): number {
    const n = this.events.length;
    this.committed();
    return n;
  }

  private apply(e: EngineEvent): void {
    switch (e.type) {
      case 'node-log':
        this.logs.insert.run(e.runId, e.nodeId, e.stream, e.chunk, e.at);
        return;
      case 'node-task':
        // Kept as a line of the node's log: what a replay, `pipewright logs` and the logs panel show.
        this.logs.insert.run(e.runId, e.nodeId, 'info', `${taskLine(e.task)}\n`, e.at);
        return;
      case 'node-queued':
      case 'node-started':
      case 'node-finished':
        this.nodes.add(e);
        return;
      case 'run-started':
        this.runStarted.run(e.runId, e.projectId, e.pipelineId, toJson(e.scope), e.at, process.pid, this.host);
        return;
      case 'run-finished':
        this.runFinished.run(e.status, toJson(e.outputs), e.error ?? null, e.at, e.runId);
        return;
    }
  }
}

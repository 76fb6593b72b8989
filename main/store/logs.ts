import type { LogStream } from '../../nodes/sdk';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';

export interface LogChunk {
  nodeId: string;
  stream: LogStream;
  chunk: string;
  at: number;
}

interface LogRow {
  node_id: string;
  stream: string;
  chunk: string;
  at: number;
}

/** Node output as it streamed, one row per chunk, in arrival order. */
export class LogTable {
  readonly insert: SqliteStatement;
  private readonly byRun: SqliteStatement<LogRow>;
  private readonly byNode: SqliteStatement<LogRow>;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare('INSERT INTO logs (run_id, node_id, stream, chunk, at) VALUES (?, ?, ?, ?, ?)');
    this.byRun = db.prepare('SELECT node_id, stream, chunk, at FROM logs WHERE run_id = ? ORDER BY id');
    this.byNode = db.prepare(
      'SELECT node_id, stream, chunk, at FROM logs WHERE run_id = ? AND node_id = ? ORDER BY id',
    );
  }

  read(runId: string, nodeId?: string): LogChunk[] {
    const rows = nodeId === undefined ? this.byRun.all(runId) : this.byNode.all(runId, nodeId);
    return rows.map((r) => ({ nodeId: r.node_id, stream: r.stream as LogStream, chunk: r.chunk, at: r.at }));
  }
}

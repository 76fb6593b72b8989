import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';

/** A local process some node started as a service, as recorded (main/services checks it still runs). */
export interface LocalServiceRecord {
  /** Unique: one service per name (pipewright names them for their project and node). */
  name: string;
  projectId: string;
  nodeId: string;
  /** The run that started it, or the last run that reused it. */
  runId: string;
  pid: number;
  /** The process's start time (clock ticks since boot on Linux; 0 where unknown). */
  pidStart: number;
  /** `NAME=value` in the environment of it and everything it starts. */
  marker: string;
  url?: string;
  configHash?: string;
  logFile: string;
  startedAt: number;
  /** Outlives its run; otherwise stopped when the run ends. */
  keep: boolean;
}

interface Row {
  name: string;
  project_id: string;
  node_id: string;
  run_id: string;
  pid: number;
  pid_start: number;
  marker: string;
  url: string | null;
  config_hash: string | null;
  log_file: string;
  started_at: number;
  keep: number;
}

const fromRow = (r: Row): LocalServiceRecord => ({
  name: r.name,
  projectId: r.project_id,
  nodeId: r.node_id,
  runId: r.run_id,
  pid: r.pid,
  pidStart: r.pid_start,
  marker: r.marker,
  ...(r.url !== null ? { url: r.url } : {}),
  ...(r.config_hash !== null ? { configHash: r.config_hash } : {}),
  logFile: r.log_file,
  startedAt: r.started_at,
  keep: r.keep === 1,
});

/**
 * The local services table. Written at once (not through the write queue): another Pipewright
 * process may list or stop the service a moment later.
 */
export class LocalServiceStore {
  private readonly upsert: SqliteStatement;
  private readonly selectAll: SqliteStatement<Row>;
  private readonly selectProject: SqliteStatement<Row>;
  private readonly selectName: SqliteStatement<Row>;
  private readonly selectNode: SqliteStatement<Row>;
  private readonly selectHeld: SqliteStatement<Row>;
  private readonly updateOwner: SqliteStatement;
  private readonly remove: SqliteStatement;

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO local_services
         (name, project_id, node_id, run_id, pid, pid_start, marker, url, config_hash, log_file, started_at, keep)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectAll = db.prepare('SELECT * FROM local_services ORDER BY started_at DESC');
    this.selectProject = db.prepare('SELECT * FROM local_services WHERE project_id = ? ORDER BY started_at DESC');
    this.selectName = db.prepare('SELECT * FROM local_services WHERE name = ?');
    this.selectNode = db.prepare('SELECT * FROM local_services WHERE project_id = ? AND node_id = ? ORDER BY started_at DESC');
    this.selectHeld = db.prepare('SELECT * FROM local_services WHERE keep = 0');
    this.updateOwner = db.prepare('UPDATE local_services SET run_id = ?, keep = ? WHERE name = ?');
    this.remove = db.prepare('DELETE FROM local_services WHERE name = ?');
  }

  /** Records a service, replacing an earlier record of the same name. */
  put(r: LocalServiceRecord): void {
    this.upsert.run(
      r.name,
      r.projectId,
      r.nodeId,
      r.runId,
      r.pid,
      r.pidStart,
      r.marker,
      r.url ?? null,
      r.configHash ?? null,
      r.logFile,
      r.startedAt,
      r.keep ? 1 : 0,
    );
  }

  /** Newest first; one project's, or all. */
  list(projectId?: string): LocalServiceRecord[] {
    return (projectId === undefined ? this.selectAll.all() : this.selectProject.all(projectId)).map(fromRow);
  }

  get(name: string): LocalServiceRecord | undefined {
    const row = this.selectName.get(name);
    return row ? fromRow(row) : undefined;
  }

  /** What one node recorded, newest first. */
  ofNode(projectId: string, nodeId: string): LocalServiceRecord[] {
    return this.selectNode.all(projectId, nodeId).map(fromRow);
  }

  /** Services held only for their run (keep off). */
  held(): LocalServiceRecord[] {
    return this.selectHeld.all().map(fromRow);
  }

  /** A later run took the service over (it reused it): it now ends with that run, unless kept. */
  setOwner(name: string, runId: string, keep: boolean): void {
    this.updateOwner.run(runId, keep ? 1 : 0, name);
  }

  delete(name: string): void {
    this.remove.run(name);
  }
}

import { loadDocument, type Pipeline } from '../../nodes/sdk';
import { definitionsByKind } from '../../nodes/definitions';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import { paramLimitProblems } from '../engine/param-limits';
import { StoreError } from './errors';
import { distinctName } from './distinct-name';
import type { IdRegistry } from './ids';

export interface PipelineSummary {
  id: string;
  projectId: string;
  name: string;
  updatedAt: number;
  nodeCount: number;
}

export interface RevisionInfo {
  pipelineId: string;
  rev: number;
  message: string;
  createdAt: number;
}

interface SummaryRow {
  id: string;
  project_id: string;
  name: string;
  updated_at: number;
  node_count: number;
}

// A row this build cannot parse (damaged, or written before the limits) still lists, so it can be deleted.
const SUMMARY = `SELECT id, project_id, name, updated_at,
  CASE WHEN json_valid(doc) THEN json_array_length(doc, '$.nodes') ELSE 0 END AS node_count FROM pipelines`;

/** Current pipeline documents and their named revisions. */
export class PipelineStore {
  private readonly selectDoc: SqliteStatement<{ doc: string; project_id: string }>;
  private readonly jsonValid: SqliteStatement<{ ok: number }>;
  private readonly selectSummary: SqliteStatement<SummaryRow>;
  private readonly selectAll: SqliteStatement<SummaryRow>;
  private readonly selectByProject: SqliteStatement<SummaryRow>;
  private readonly insertProject: SqliteStatement;
  private readonly upsertPipeline: SqliteStatement;
  private readonly insertRevision: SqliteStatement<{ rev: number }>;
  private readonly selectRevisions: SqliteStatement<{ rev: number; message: string; created_at: number }>;
  private readonly selectRevision: SqliteStatement<{ doc: string }>;
  private readonly deletePipeline: SqliteStatement;
  private readonly selectMainOf: SqliteStatement<{ id: string }>;
  private readonly selectProjectNames: SqliteStatement<{ name: string }>;
  private readonly saveTx: (doc: Pipeline, projectId: string | undefined, now: number) => void;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly ids: IdRegistry,
  ) {
    this.selectDoc = db.prepare('SELECT doc, project_id FROM pipelines WHERE id = ?');
    this.jsonValid = db.prepare('SELECT json_valid(?) AS ok');
    this.selectSummary = db.prepare(`${SUMMARY} WHERE id = ?`);
    this.selectAll = db.prepare(`${SUMMARY} ORDER BY updated_at DESC, id`);
    this.selectByProject = db.prepare(`${SUMMARY} WHERE project_id = ? ORDER BY updated_at DESC, id`);
    this.insertProject = db.prepare(
      `INSERT INTO projects (id, name, main_pipeline_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`,
    );
    this.upsertPipeline = db.prepare(
      `INSERT INTO pipelines (id, project_id, name, doc, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, doc = excluded.doc, updated_at = excluded.updated_at`,
    );
    this.insertRevision = db.prepare(
      `INSERT INTO pipeline_revisions (pipeline_id, rev, doc, message, created_at)
       SELECT id, (SELECT coalesce(max(rev), 0) + 1 FROM pipeline_revisions WHERE pipeline_id = ?), doc, ?, ?
       FROM pipelines WHERE id = ?
       RETURNING rev`,
    );
    this.selectRevisions = db.prepare(
      'SELECT rev, message, created_at FROM pipeline_revisions WHERE pipeline_id = ? ORDER BY rev DESC',
    );
    this.selectRevision = db.prepare('SELECT doc FROM pipeline_revisions WHERE pipeline_id = ? AND rev = ?');
    this.deletePipeline = db.prepare('DELETE FROM pipelines WHERE id = ?');
    this.selectMainOf = db.prepare('SELECT id FROM projects WHERE main_pipeline_id = ?');
    this.selectProjectNames = db.prepare('SELECT name FROM projects');
    this.saveTx = db.transaction((doc: Pipeline, projectId: string | undefined, now: number) =>
      this.write(doc, projectId, now),
    );
  }

  /** The current document, or undefined when no pipeline has this id. */
  get(id: string): Pipeline | undefined {
    const row = this.selectDoc.get(id);
    return row ? this.parse(row.doc, `pipeline "${id}"`) : undefined;
  }

  /**
   * The document as it is stored, unparsed: what can still be exported when this build cannot
   * read it (damaged, or from a build without today's limits). Undefined when there is none.
   */
  raw(id: string): string | undefined {
    return this.selectDoc.get(id)?.doc;
  }

  summary(id: string): PipelineSummary | undefined {
    const row = this.selectSummary.get(id);
    return row ? toSummary(row) : undefined;
  }

  list(projectId?: string): PipelineSummary[] {
    const rows = projectId === undefined ? this.selectAll.all() : this.selectByProject.all(projectId);
    return rows.map(toSummary);
  }

  /**
   * Stores `doc` as the current document of pipeline `doc.id`. A new pipeline joins `projectId`,
   * or a project of its own (id and name taken from the document) that is created when missing.
   */
  save(doc: Pipeline, projectId?: string): PipelineSummary {
    // write() parses the document (migrations, defaults) before anything is stored.
    this.saveTx(doc, projectId, Date.now());
    return this.summary(doc.id)!;
  }

  /**
   * Saves an imported document under its own id, or under `<id>-2`, `<id>-3`, … when that id is
   * taken, in a project of its own, named "Name (2)", "Name (3)", … when a project has its name.
   */
  importDocument(doc: unknown): { id: string; renamed: boolean; name: string } {
    const valid = loadDocument(doc, 'imported pipeline', definitionsByKind);
    const id = this.ids.firstFree(valid.id);
    const name = distinctName(valid.name, new Set(this.selectProjectNames.all().map((r) => r.name)));
    this.saveTx({ ...valid, id, name }, id, Date.now());
    return { id, renamed: id !== valid.id, name };
  }

  /** Keeps the current document as the next numbered revision and returns its number. */
  saveRevision(id: string, message: string): number {
    const row = this.insertRevision.get(id, message, Date.now(), id);
    if (!row) throw missing(id);
    return row.rev;
  }

  revisions(id: string): RevisionInfo[] {
    return this.selectRevisions.all(id).map((r) => ({
      pipelineId: id,
      rev: r.rev,
      message: r.message,
      createdAt: r.created_at,
    }));
  }

  getRevision(id: string, rev: number): Pipeline | undefined {
    const row = this.selectRevision.get(id, rev);
    return row ? this.parse(row.doc, `revision ${rev} of pipeline "${id}"`) : undefined;
  }

  /** Deletes a pipeline with its revisions; a project's main pipeline goes with the project only. */
  delete(id: string): boolean {
    const owner = this.selectMainOf.get(id);
    if (owner) {
      throw new StoreError(
        `pipeline "${id}" is the main pipeline of project "${owner.id}": delete the project instead`,
      );
    }
    return this.deletePipeline.run(id).changes > 0;
  }

  /** Upserts inside the caller's transaction (shared with the project store). */
  write(given: Pipeline, projectId: string | undefined, now: number): void {
    const { doc, text } = this.storable(given);
    const existing = this.selectDoc.get(doc.id);
    if (existing && projectId !== undefined && existing.project_id !== projectId) {
      throw new StoreError(
        `pipeline "${doc.id}" belongs to project "${existing.project_id}", not "${projectId}": duplicate it, or import it as a copy`,
      );
    }
    const owner = existing?.project_id ?? projectId ?? doc.id;
    // Creates the owning project when missing; otherwise only marks it as just edited.
    this.insertProject.run(owner, doc.name, doc.id, now, now);
    this.upsertPipeline.run(doc.id, owner, doc.name, text, now);
  }

  /**
   * `doc` parsed as `get` will read it, and the text to store, once it is sure to read back:
   * by `get` (document schema, param limits) and by SQLite's JSON functions (listing,
   * deleting). A row that cannot be read back would lock the person out of their project.
   */
  private storable(doc: Pipeline): { doc: Pipeline; text: string } {
    const what = `pipeline "${(doc as { id?: unknown })?.id ?? '?'}"`;
    const checked = loadDocument(doc, what, definitionsByKind);
    const limits = paramLimitProblems(checked);
    if (limits.length) throw new StoreError(`${what} was not saved: ${limits.map((p) => p.message).join('; ')}`);
    const text = JSON.stringify(checked);
    if (!this.jsonValid.get(text)?.ok) {
      throw new StoreError(`${what} was not saved: SQLite could not read it back as JSON; simplify its params`);
    }
    return { doc: checked, text };
  }

  private parse(text: string, what: string): Pipeline {
    const where = `${what} in ${this.db.file}`;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      // JSON.parse would quote the stored text; say what to do instead.
      throw new StoreError(`${where} cannot be read: it is not valid JSON (damaged); export it as stored, or delete it`);
    }
    const doc = loadDocument(raw, where, definitionsByKind);
    const limits = paramLimitProblems(doc);
    if (limits.length) {
      throw new StoreError(`${where} cannot be opened: ${limits.map((p) => p.message).join('; ')}; export it as stored, or delete it`);
    }
    return doc;
  }
}

function missing(id: string): StoreError {
  return new StoreError(`no pipeline "${id}": save it first`);
}

function toSummary(r: SummaryRow): PipelineSummary {
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    updatedAt: r.updated_at,
    nodeCount: r.node_count,
  };
}

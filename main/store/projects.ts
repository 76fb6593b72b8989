import { FORMAT, loadDocument, type Pipeline } from '../../nodes/sdk';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import { StoreError } from './errors';
import type { IdRegistry } from './ids';
import type { PipelineStore } from './pipelines';
import type { WriteQueue } from './write-queue';

export interface Project {
  id: string;
  name: string;
  /** The pipeline the project opens on; its id is the project's id unless imported otherwise. */
  mainPipelineId: string;
  createdAt: number;
  updatedAt: number;
}

interface ProjectRow {
  id: string;
  name: string;
  main_pipeline_id: string;
  created_at: number;
  updated_at: number;
}

export class ProjectStore {
  private readonly selectAll: SqliteStatement<ProjectRow>;
  private readonly selectOne: SqliteStatement<ProjectRow>;
  private readonly insert: SqliteStatement;
  private readonly updateName: SqliteStatement;
  private readonly deleteTx: (id: string) => boolean;
  private readonly createTx: (id: string, name: string, doc: Pipeline, now: number) => void;
  private readonly renameTx: (project: Project, name: string, now: number) => void;

  constructor(
    db: SqliteDatabase,
    private readonly pipelines: PipelineStore,
    private readonly ids: IdRegistry,
    private readonly queue: WriteQueue,
  ) {
    this.selectAll = db.prepare('SELECT * FROM projects ORDER BY updated_at DESC, name');
    this.selectOne = db.prepare('SELECT * FROM projects WHERE id = ?');
    this.insert = db.prepare(
      'INSERT INTO projects (id, name, main_pipeline_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.updateName = db.prepare('UPDATE projects SET name = ?, updated_at = ? WHERE id = ?');

    this.createTx = db.transaction((id: string, name: string, doc: Pipeline, now: number) => {
      this.insert.run(id, name, doc.id, now, now);
      this.pipelines.write(doc, id, now);
    });
    this.renameTx = db.transaction((project: Project, name: string, now: number) => {
      this.updateName.run(name, now, project.id);
      const doc = this.pipelines.get(project.mainPipelineId);
      if (doc) this.pipelines.write({ ...doc, name }, project.id, now);
    });
    // Node runs and logs have no foreign key (see migrations), so they are deleted by hand;
    // pipelines and revisions follow the project through ON DELETE CASCADE. The cache stays:
    // its entries are keyed by content and may serve other projects.
    const runsOf = 'SELECT id FROM runs WHERE project_id = ?';
    const deleteLogs = db.prepare(`DELETE FROM logs WHERE run_id IN (${runsOf})`);
    const deleteNodeRuns = db.prepare(`DELETE FROM node_runs WHERE run_id IN (${runsOf})`);
    const deleteRuns = db.prepare('DELETE FROM runs WHERE project_id = ?');
    const deleteProject = db.prepare('DELETE FROM projects WHERE id = ?');
    this.deleteTx = db.transaction((id: string) => {
      deleteLogs.run(id);
      deleteNodeRuns.run(id);
      deleteRuns.run(id);
      return deleteProject.run(id).changes > 0;
    });
  }

  /** Most recently edited first. */
  list(): Project[] {
    return this.selectAll.all().map(toProject);
  }

  get(id: string): Project | undefined {
    const row = this.selectOne.get(id);
    return row ? toProject(row) : undefined;
  }

  /** Creates a project with an empty main pipeline of the same id (made from `name` when absent). */
  create(options: { id?: string; name: string }): Project {
    const name = checkName(options.name);
    const id = options.id ?? this.ids.fromName(name);
    if (options.id !== undefined && this.ids.isTaken(id)) {
      throw new StoreError(`project id "${id}" is already used by a project or pipeline: pick another id`);
    }
    const doc = loadDocument({ format: FORMAT, id, name, nodes: [], edges: [] }, `new project "${name}"`);
    this.createTx(id, name, doc, Date.now());
    return this.get(id)!;
  }

  /** Renames the project and its main pipeline, which carries the name into exported templates. */
  rename(id: string, name: string): Project {
    this.renameTx(this.require(id), checkName(name), Date.now());
    return this.get(id)!;
  }

  /** A new project holding a copy of this one's main pipeline (revisions and runs stay behind). */
  duplicate(id: string, name: string): Project {
    const source = this.require(id);
    const newName = checkName(name);
    const doc = this.pipelines.get(source.mainPipelineId);
    const newId = this.ids.fromName(newName);
    const copy: Pipeline = doc
      ? { ...doc, id: newId, name: newName }
      : { format: FORMAT, id: newId, name: newName, nodes: [], edges: [] };
    this.createTx(newId, newName, copy, Date.now());
    return this.get(newId)!;
  }

  /** Deletes the project, its pipelines, revisions, runs, node runs and logs. */
  delete(id: string): boolean {
    // Queued events of this project's runs must land before the delete, not after it.
    this.queue.flushQuietly();
    return this.deleteTx(id);
  }

  private require(id: string): Project {
    const project = this.get(id);
    if (!project) throw new StoreError(`no project "${id}": it may have been deleted; reload the project list`);
    return project;
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new StoreError('a project needs a name: type one');
  return trimmed;
}

function toProject(r: ProjectRow): Project {
  return {
    id: r.id,
    name: r.name,
    mainPipelineId: r.main_pipeline_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

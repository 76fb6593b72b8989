/** One schema step; `sql` runs in one transaction together with the `user_version` bump. */
export interface Migration {
  /** The `user_version` the database has once this step is applied. */
  version: number;
  description: string;
  sql: string;
}

/** Marks the file as ours ('PWri'), so a foreign SQLite file is never mistaken for an empty store. */
export const APPLICATION_ID = 0x50577269;

/**
 * Ordered schema steps. Never edit a released step: add the next one. Times are Unix
 * milliseconds; JSON columns hold text. Runs are keyed by pipeline id without a foreign key,
 * because a template file can be run without being saved. Node runs and logs carry no foreign
 * key either: they are written in batches, and one dangling row must not roll back a whole batch.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'projects, pipelines, runs, logs, cache, settings',
    sql: `
      PRAGMA application_id = ${APPLICATION_ID};

      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        main_pipeline_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE pipelines (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        doc TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX pipelines_by_project ON pipelines(project_id);

      CREATE TABLE pipeline_revisions (
        pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
        rev INTEGER NOT NULL,
        doc TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (pipeline_id, rev)
      ) STRICT;

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        pipeline_id TEXT NOT NULL,
        status TEXT NOT NULL
          CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
        scope TEXT NOT NULL,
        doc TEXT,
        inputs TEXT NOT NULL,
        outputs TEXT,
        error TEXT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        pid INTEGER,
        host TEXT
      ) STRICT;
      CREATE INDEX runs_by_pipeline ON runs(pipeline_id, started_at);
      CREATE INDEX runs_by_project ON runs(project_id, started_at);
      CREATE INDEX runs_running ON runs(status) WHERE status = 'running';

      CREATE TABLE node_runs (
        run_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN
          ('queued', 'running', 'succeeded', 'failed', 'cached', 'skipped', 'cancelled')),
        attempt INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        duration_ms INTEGER,
        cache_key TEXT,
        outputs TEXT,
        output_fingerprints TEXT,
        error TEXT,
        PRIMARY KEY (run_id, node_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE logs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        stream TEXT NOT NULL,
        chunk TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX logs_by_node ON logs(run_id, node_id);

      CREATE TABLE cache (
        key TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        outputs TEXT NOT NULL,
        output_fingerprints TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX cache_by_project ON cache(project_id);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: 'LLM token and cost accounting',
    // Kept when a project is deleted: money spent stays spent, and budgets count it.
    sql: `
      CREATE TABLE llm_usage (
        id INTEGER PRIMARY KEY,
        run_id TEXT,
        node_id TEXT,
        project_id TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost REAL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX llm_usage_by_project ON llm_usage(project_id, at);
      CREATE INDEX llm_usage_by_run ON llm_usage(run_id);
    `,
  },
  {
    version: 3,
    description: 'encrypted secrets, LLM response cache, LLM transcripts',
    // Secrets hold AES-256-GCM ciphertext only; the key lives outside the database. Transcripts
    // are per node run, like logs, and carry no foreign key for the same reason.
    sql: `
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        tag BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE llm_response_cache (
        key TEXT PRIMARY KEY,
        endpoint TEXT NOT NULL,
        model TEXT NOT NULL,
        response TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE llm_transcripts (
        id INTEGER PRIMARY KEY,
        run_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        conversation INTEGER NOT NULL,
        message TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX llm_transcripts_by_node ON llm_transcripts(run_id, node_id, id);
    `,
  },
  {
    version: 4,
    description: 'local services: detached processes that outlive their run',
    // The record any Pipewright process lists, reuses and stops a local service by. A PID alone
    // can be reused by the system: pid_start (the process's start time, clock ticks since boot
    // on Linux, 0 where unknown) tells the recorded process from a later one, and marker (an
    // environment entry it and its children carry) finds descendants that left its session.
    sql: `
      CREATE TABLE local_services (
        name TEXT PRIMARY KEY,
        project_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        pid INTEGER NOT NULL,
        pid_start INTEGER NOT NULL,
        marker TEXT NOT NULL,
        url TEXT,
        config_hash TEXT,
        log_file TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        keep INTEGER NOT NULL CHECK (keep IN (0, 1))
      ) STRICT;
      CREATE INDEX local_services_by_node ON local_services(project_id, node_id);
      CREATE INDEX local_services_by_run ON local_services(run_id) WHERE keep = 0;
    `,
  },
  {
    version: 5,
    description: 'undo history as one row per step, out of the settings table',
    // Earlier builds kept each pipeline's undo history as whole-graph snapshots in one settings
    // value, rewritten on every autosave. Steps are patches now, a different shape: the old
    // histories are dropped, not converted (undo starts afresh once after the upgrade). `bytes`
    // sits before the patch so trimming reads sizes without reading the patches.
    sql: `
      CREATE TABLE undo_steps (
        pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        done INTEGER NOT NULL CHECK (done IN (0, 1)),
        bytes INTEGER NOT NULL,
        patch TEXT NOT NULL,
        PRIMARY KEY (pipeline_id, step)
      ) STRICT, WITHOUT ROWID;

      DELETE FROM settings WHERE key GLOB 'pipeline.history:*';
    `,
  },
  {
    version: 6,
    description: 'cached results record their owner node beside their project',
    // A result whose outputs name a folder or a service belongs to one node of one project;
    // each owner keeps its own row, so the key alone no longer identifies one. Rows from before
    // have no known node (''): whoever reuses them gets a copy, never the folder itself.
    sql: `
      CREATE TABLE cache_by_owner (
        key TEXT NOT NULL,
        project_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        outputs TEXT NOT NULL,
        output_fingerprints TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL,
        PRIMARY KEY (key, project_id, node_id)
      ) STRICT;
      INSERT INTO cache_by_owner
        SELECT key, project_id, '', kind, outputs, output_fingerprints, created_at, last_used_at FROM cache;
      DROP TABLE cache;
      ALTER TABLE cache_by_owner RENAME TO cache;
      CREATE INDEX cache_by_project ON cache(project_id);
    `,
  },
  {
    version: 7,
    description: "cached results are found by owner and the time they were made",
    // A node's folder holds what it made last; the engine asks which result that was before it
    // reuses an older one of the same node (created_at now moves when a result is made again).
    sql: `CREATE INDEX cache_by_owner_made ON cache(project_id, node_id, created_at);`,
  },
  {
    version: 8,
    description: 'Ask conversations and their messages',
    // A conversation from the start page has no project until its plan is confirmed; the
    // pending plan (draft and the pipeline it changes) is kept so Confirm works after a restart.
    sql: `
      CREATE TABLE ask_conversations (
        id TEXT PRIMARY KEY,
        project_id TEXT REFERENCES projects(id) ON DELETE CASCADE,
        pipeline_id TEXT,
        pending TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ask_conversations_by_project ON ask_conversations(project_id);
      CREATE TABLE ask_messages (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES ask_conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        reply TEXT,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ask_messages_by_conversation ON ask_messages(conversation_id, id);
    `,
  },
  {
    version: 9,
    description: 'run form: the last inputs of each pipeline, named presets of each project',
    sql: `
      CREATE TABLE run_inputs_last (
        pipeline_id TEXT PRIMARY KEY REFERENCES pipelines(id) ON DELETE CASCADE,
        inputs TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE run_input_presets (
        project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        inputs TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (project_id, name)
      ) STRICT;
    `,
  },
];

export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1].version;

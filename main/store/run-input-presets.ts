import { sqliteErrorCode, type SqliteDatabase, type SqliteStatement } from '../adapters/db/sqlite';
import { StoreError } from './errors';
import type { SecretMatcher } from './secret-matcher';

export type InputValues = Record<string, unknown>;

export interface RunInputPreset {
  name: string;
  inputs: InputValues;
  updatedAt: number;
}

/** How long a preset's name may be, and how many bytes of values one row may hold. */
const NAME_MAX = 100;
const VALUES_MAX_BYTES = 256 * 1024;

/**
 * What the run form remembers: the inputs a pipeline last ran with, and named sets of inputs
 * per project. A value that holds a stored secret is never written (the matcher finds it): the
 * person types it again, or better, keeps it as a secret and passes its name.
 */
export class RunInputStore {
  private readonly selectLast: SqliteStatement<{ inputs: string }>;
  private readonly upsertLast: SqliteStatement;
  private readonly selectPresets: SqliteStatement<{ name: string; inputs: string; updated_at: number }>;
  private readonly upsertPreset: SqliteStatement;
  private readonly deletePreset: SqliteStatement;

  constructor(
    db: SqliteDatabase,
    private readonly secrets: () => SecretMatcher,
  ) {
    this.selectLast = db.prepare('SELECT inputs FROM run_inputs_last WHERE pipeline_id = ?');
    this.upsertLast = db.prepare(
      `INSERT INTO run_inputs_last (pipeline_id, inputs, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (pipeline_id) DO UPDATE SET inputs = excluded.inputs, updated_at = excluded.updated_at`,
    );
    this.selectPresets = db.prepare('SELECT name, inputs, updated_at FROM run_input_presets WHERE project_id = ? ORDER BY name COLLATE NOCASE');
    this.upsertPreset = db.prepare(
      `INSERT INTO run_input_presets (project_id, name, inputs, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (project_id, name) DO UPDATE SET inputs = excluded.inputs, updated_at = excluded.updated_at`,
    );
    this.deletePreset = db.prepare('DELETE FROM run_input_presets WHERE project_id = ? AND name = ?');
  }

  /** The inputs the pipeline last ran with from the run form; undefined before its first. */
  last(pipelineId: string): InputValues | undefined {
    const row = this.selectLast.get(pipelineId);
    return row ? (JSON.parse(row.inputs) as InputValues) : undefined;
  }

  /** Remembers a run's inputs for the pipeline (a pipeline not saved has nothing to remember them by). */
  remember(pipelineId: string, inputs: InputValues, now = Date.now()): void {
    try {
      this.upsertLast.run(pipelineId, this.text(inputs, `the last inputs of pipeline "${pipelineId}"`), now);
    } catch (err) {
      if (sqliteErrorCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY') return;
      throw err;
    }
  }

  presets(projectId: string): RunInputPreset[] {
    return this.selectPresets.all(projectId).map((r) => ({ name: r.name, inputs: JSON.parse(r.inputs) as InputValues, updatedAt: r.updated_at }));
  }

  /** Saves (or replaces) the preset `name` of the project. */
  savePreset(projectId: string, name: string, inputs: InputValues, now = Date.now()): RunInputPreset {
    const trimmed = name.trim();
    if (!trimmed) throw new StoreError('a preset needs a name');
    if (trimmed.length > NAME_MAX) throw new StoreError(`preset name "${trimmed.slice(0, 40)}…" is longer than ${NAME_MAX} characters`);
    const text = this.text(inputs, `preset "${trimmed}"`);
    try {
      this.upsertPreset.run(projectId, trimmed, text, now);
    } catch (err) {
      if (sqliteErrorCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new StoreError(`there is no project "${projectId}" to keep preset "${trimmed}" in`, { cause: err });
      throw err;
    }
    return { name: trimmed, inputs: JSON.parse(text) as InputValues, updatedAt: now };
  }

  deletePresetNamed(projectId: string, name: string): boolean {
    return this.deletePreset.run(projectId, name.trim()).changes > 0;
  }

  /** The values as JSON, each value holding a secret left out. */
  private text(inputs: InputValues, what: string): string {
    const matcher = this.secrets();
    const kept: InputValues = {};
    for (const [name, value] of Object.entries(inputs)) {
      if (value === undefined) continue;
      if (!matcher.empty && matcher.redactDeep(value) !== value) continue;
      kept[name] = value;
    }
    const text = JSON.stringify(kept);
    if (text.length > VALUES_MAX_BYTES) throw new StoreError(`${what} holds more than ${VALUES_MAX_BYTES / 1024} KiB of values; keep large values in files and pass their paths`);
    return text;
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqliteDatabase } from '../adapters/db/sqlite';
import { CacheStore } from './cache';
import { ConversationStore } from './conversations';
import { openDatabase } from './database';
import { StoreError, messageOf } from './errors';
import { IdRegistry } from './ids';
import { LocalServiceStore } from './local-services';
import { PipelineStore } from './pipelines';
import { ProjectStore } from './projects';
import { RunStore } from './runs';
import { fileKeyProvider, type KeyProvider } from './secret-key-file';
import { SecretStore } from './secrets';
import { SettingsStore } from './settings';
import { LlmResponseCache } from './llm-cache';
import { TranscriptStore } from './transcripts';
import { UndoHistoryStore } from './undo-history';
import { UsageStore } from './usage';
import { RunInputStore } from './run-input-presets';
import { WriteQueue } from './write-queue';

export { StoreError } from './errors';
export { LATEST_SCHEMA, MIGRATIONS, type Migration } from './migrations';
export type { Project } from './projects';
export type { PipelineSummary, RevisionInfo } from './pipelines';
export type { RunBegin, RunSummary, RunRecord, NodeRunRecord, RunFilter } from './runs';
export type { LogChunk } from './logs';
export type { LlmUsage, UsageTotals, UsageFilter } from './usage';
export type { CacheStore } from './cache';
export type { SettingsStore } from './settings';
export type { ProjectStore } from './projects';
export type { PipelineStore } from './pipelines';
export type { RunStore } from './runs';
export type { UsageStore } from './usage';
export type { SecretStore, SecretInfo } from './secrets';
export { secretNameProblem } from './secrets';
export { fileKeyProvider, SECRET_KEY_FILE, SECRET_KEY_BYTES, type KeyProvider } from './secret-key-file';
export type { LlmResponseCache, CachedAnswer } from './llm-cache';
export type { TranscriptStore, TranscriptEntry } from './transcripts';
export type { LocalServiceStore, LocalServiceRecord } from './local-services';
export type { UndoHistoryStore, UndoHistory, UndoHistoryChange } from './undo-history';
export type { ConversationStore, Conversation, PendingPlan } from './conversations';
export type { RunInputStore, RunInputPreset } from './run-input-presets';

export const DATABASE_FILE = 'pipewright.db';

export interface StoreOptions {
  /** Where write failures of batched records are reported (they cannot be thrown at the engine). */
  onError?: (err: Error) => void;
  /** Where the secrets key comes from; by default a 0600 file beside the database. */
  secretKey?: KeyProvider;
}

/** The data folder: `PIPEWRIGHT_HOME`, or `~/.pipewright`. */
export function defaultHome(): string {
  return process.env.PIPEWRIGHT_HOME || path.join(os.homedir(), '.pipewright');
}

/**
 * Everything Pipewright keeps: projects, pipelines, runs and logs, the result cache, settings,
 * LLM usage, answers and transcripts, encrypted secrets, the local services runs left running, and
 * each pipeline's undo history.
 */
export class Store {
  readonly projects: ProjectStore;
  readonly pipelines: PipelineStore;
  readonly runs: RunStore;
  readonly cache: CacheStore;
  readonly settings: SettingsStore;
  readonly usage: UsageStore;
  readonly secrets: SecretStore;
  readonly llmCache: LlmResponseCache;
  readonly transcripts: TranscriptStore;
  readonly localServices: LocalServiceStore;
  readonly undoHistory: UndoHistoryStore;
  readonly conversations: ConversationStore;
  /** The run form's last inputs and presets. */
  readonly runInputs: RunInputStore;
  private readonly queue: WriteQueue;
  private closed = false;

  private constructor(
    private readonly db: SqliteDatabase,
    options: StoreOptions,
  ) {
    const onError = options.onError ?? ((err: Error) => console.error(`pipewright: ${err.message}`));
    this.queue = new WriteQueue(db, onError);
    const ids = new IdRegistry(db);
    this.pipelines = new PipelineStore(db, ids);
    this.projects = new ProjectStore(db, this.pipelines, ids, this.queue);
    this.runs = new RunStore(db, this.queue);
    this.cache = new CacheStore(db, this.queue, () => this.secrets.matcher());
    this.settings = new SettingsStore(db);
    this.usage = new UsageStore(db);
    this.secrets = new SecretStore(db, options.secretKey ?? fileKeyProvider(path.dirname(db.file)));
    this.llmCache = new LlmResponseCache(db);
    this.transcripts = new TranscriptStore(db);
    this.localServices = new LocalServiceStore(db);
    this.undoHistory = new UndoHistoryStore(db);
    this.conversations = new ConversationStore(db, () => this.secrets.matcher());
    this.runInputs = new RunInputStore(db, () => this.secrets.matcher());
  }

  /**
   * Opens `<home>/pipewright.db`, creating the folder (owner only) and the database, upgrading
   * an older schema, and marking runs cut off by a crash or quit as interrupted.
   */
  static open(home: string = defaultHome(), options: StoreOptions = {}): Store {
    try {
      fs.mkdirSync(home, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw new StoreError(
        `cannot create the data folder ${home}: ${messageOf(err)}; point PIPEWRIGHT_HOME at a writable folder`,
        { cause: err },
      );
    }
    return Store.openFile(path.join(home, DATABASE_FILE), options);
  }

  /** Opens a database file directly (tests, or a store kept outside the data folder). */
  static openFile(file: string, options: StoreOptions = {}): Store {
    const store = new Store(openDatabase(file), options);
    store.runs.markInterrupted();
    return store;
  }

  get file(): string {
    return this.db.file;
  }

  /** Writes what is still queued and closes the database. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.queue.flush();
    } finally {
      this.db.close();
    }
  }
}

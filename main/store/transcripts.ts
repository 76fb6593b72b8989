import type { ChatMessage } from '../../nodes/sdk';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';

export interface TranscriptEntry {
  runId: string;
  nodeId: string;
  /** Counts the separate conversations one node run had, from 1. */
  conversation: number;
  message: ChatMessage;
  at: number;
}

/** What each node said to its model and heard back, kept with the run to be read later. */
export class TranscriptStore {
  private readonly insert: SqliteStatement;
  private readonly select: SqliteStatement<{ node_id: string; conversation: number; message: string; at: number }>;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      'INSERT INTO llm_transcripts (run_id, node_id, conversation, message, at) VALUES (?, ?, ?, ?, ?)',
    );
    this.select = db.prepare(
      `SELECT node_id, conversation, message, at FROM llm_transcripts
       WHERE run_id = @runId AND (@nodeId IS NULL OR node_id = @nodeId) ORDER BY id`,
    );
  }

  append(runId: string, nodeId: string, conversation: number, messages: readonly ChatMessage[]): void {
    if (!messages.length) return;
    const at = Date.now();
    this.db.transaction(() => {
      for (const m of messages) this.insert.run(runId, nodeId, conversation, JSON.stringify(m), at);
    })();
  }

  /** A run's transcript, every node or one, in the order it was said. */
  list(runId: string, nodeId?: string): TranscriptEntry[] {
    return this.select.all({ runId, nodeId: nodeId ?? null }).map((r) => ({
      runId,
      nodeId: r.node_id,
      conversation: r.conversation,
      message: JSON.parse(r.message) as ChatMessage,
      at: r.at,
    }));
  }
}

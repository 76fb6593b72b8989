import type { ChatResponse } from '../../nodes/sdk';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';

/** What the response cache keeps of an answer: enough to replay it, nothing about who asked. */
export type CachedAnswer = Pick<ChatResponse, 'content' | 'toolCalls' | 'finishReason'>;

/**
 * Model answers by request key (endpoint, model, messages, tools, sampling), so a repeated
 * deterministic call is answered without a request and without spending anything.
 */
export class LlmResponseCache {
  private readonly select: SqliteStatement<{ response: string }>;
  private readonly upsert: SqliteStatement;
  private readonly touch: SqliteStatement;
  private readonly deleteAll: SqliteStatement;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare('SELECT response FROM llm_response_cache WHERE key = ?');
    this.upsert = db.prepare(
      `INSERT INTO llm_response_cache (key, endpoint, model, response, created_at, last_used_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET response = excluded.response, last_used_at = excluded.last_used_at`,
    );
    this.touch = db.prepare('UPDATE llm_response_cache SET last_used_at = ? WHERE key = ?');
    this.deleteAll = db.prepare('DELETE FROM llm_response_cache');
  }

  get(key: string): CachedAnswer | undefined {
    const row = this.select.get(key);
    if (!row) return undefined;
    this.touch.run(Date.now(), key);
    return JSON.parse(row.response) as CachedAnswer;
  }

  put(key: string, endpoint: string, model: string, answer: CachedAnswer): void {
    const now = Date.now();
    const { content, toolCalls, finishReason } = answer;
    this.upsert.run(key, endpoint, model, JSON.stringify({ content, toolCalls, finishReason }), now, now);
  }

  /** Forgets every answer; returns how many there were. */
  clear(): number {
    return this.deleteAll.run().changes;
  }
}

import { randomUUID } from 'node:crypto';
import type { Pipeline } from '../../nodes/sdk';
import type { AskMessage, AskRecord } from '../../preload/contract';
import type { SqliteDatabase, SqliteStatement } from '../adapters/db/sqlite';
import type { SecretMatcher } from './secret-matcher';

/** The plan waiting for Confirm, and what it would change. */
export interface PendingPlan {
  draft: Pipeline;
  /** The open pipeline the draft replaces (a new revision of it); absent for a new project. */
  pipelineId?: string;
}

export interface Conversation {
  id: string;
  projectId?: string;
  pipelineId?: string;
  pending?: PendingPlan;
  createdAt: number;
}

interface ConversationRow {
  id: string;
  project_id: string | null;
  pipeline_id: string | null;
  pending: string | null;
  created_at: number;
}

/**
 * Ask's conversations, per project: what the person said and what was answered, and the plan
 * waiting for Confirm. Messages are stored with known secret values replaced by their names.
 */
export class ConversationStore {
  private readonly insert: SqliteStatement;
  private readonly select: SqliteStatement<ConversationRow>;
  private readonly update: SqliteStatement;
  private readonly insertMessage: SqliteStatement;
  private readonly messagesOf: SqliteStatement<{ conversation_id: string; role: string; text: string; reply: string | null; at: number }>;
  private readonly remove: SqliteStatement;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly matcher: () => SecretMatcher,
  ) {
    this.insert = db.prepare(
      'INSERT INTO ask_conversations (id, project_id, pipeline_id, pending, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?)',
    );
    this.select = db.prepare('SELECT id, project_id, pipeline_id, pending, created_at FROM ask_conversations WHERE id = ?');
    this.update = db.prepare(
      'UPDATE ask_conversations SET project_id = @projectId, pipeline_id = @pipelineId, pending = @pending, updated_at = @at WHERE id = @id',
    );
    this.insertMessage = db.prepare('INSERT INTO ask_messages (conversation_id, role, text, reply, at) VALUES (?, ?, ?, ?, ?)');
    this.messagesOf = db.prepare(
      `SELECT m.conversation_id, m.role, m.text, m.reply, m.at FROM ask_messages m
       JOIN ask_conversations c ON c.id = m.conversation_id
       WHERE (@projectId IS NOT NULL AND c.project_id = @projectId) OR (@conversationId IS NOT NULL AND c.id = @conversationId)
       ORDER BY m.id`,
    );
    this.remove = db.prepare('DELETE FROM ask_conversations WHERE id = ?');
  }

  create(options: { projectId?: string; pipelineId?: string }): Conversation {
    const id = randomUUID();
    const at = Date.now();
    this.insert.run(id, options.projectId ?? null, options.pipelineId ?? null, at, at);
    return { id, ...options, createdAt: at };
  }

  get(id: string): Conversation | undefined {
    const row = this.select.get(id);
    if (!row) return undefined;
    return {
      id: row.id,
      ...(row.project_id ? { projectId: row.project_id } : {}),
      ...(row.pipeline_id ? { pipelineId: row.pipeline_id } : {}),
      ...(row.pending ? { pending: JSON.parse(row.pending) as PendingPlan } : {}),
      createdAt: row.created_at,
    };
  }

  /** Records where the conversation now lives and the plan waiting (undefined: none). */
  set(id: string, state: { projectId?: string; pipelineId?: string; pending?: PendingPlan }): void {
    this.update.run({
      id,
      projectId: state.projectId ?? null,
      pipelineId: state.pipelineId ?? null,
      pending: state.pending ? JSON.stringify(state.pending) : null,
      at: Date.now(),
    });
  }

  append(conversationId: string, role: 'user' | 'assistant', text: string, reply?: AskRecord): void {
    const redact = this.matcher();
    this.insertMessage.run(
      conversationId,
      role,
      redact.redact(text),
      reply ? redact.redact(JSON.stringify(reply)) : null,
      Date.now(),
    );
  }

  /** Every message of a project's conversations (or of one conversation), oldest first. */
  messages(filter: { projectId?: string; conversationId?: string }): AskMessage[] {
    return this.messagesOf.all({ projectId: filter.projectId ?? null, conversationId: filter.conversationId ?? null }).map((r) => ({
      conversationId: r.conversation_id,
      role: r.role === 'user' ? 'user' : 'assistant',
      text: r.text,
      ...(r.reply ? { reply: JSON.parse(r.reply) as AskRecord } : {}),
      at: r.at,
    }));
  }

  delete(id: string): boolean {
    return this.remove.run(id).changes > 0;
  }
}

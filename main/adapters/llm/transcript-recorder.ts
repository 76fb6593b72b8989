import type { ChatMessage } from '../../../nodes/sdk';
import type { TranscriptStore } from '../../store';

/** How many conversations are followed at once; an older one that goes on again starts anew. */
const OPEN_LIMIT = 64;

/** One conversation followed so far: its number, and where its last call ended. */
interface OpenConversation {
  id: number;
  /** Messages of its last call plus the answer. */
  seen: number;
  lastRequestMessage: string;
}

/**
 * Keeps one node run's transcript: each call's new messages and the answer. An agent resends
 * the whole conversation every call, so only what follows the previous call of the same
 * conversation is stored; a call that continues none of them starts a new one. Several
 * conversations may go on at once (a team's agents working in parallel): each call is matched
 * to the one it continues, so each stays whole and in order.
 */
export class TranscriptRecorder {
  private conversations = 0;
  private readonly open: OpenConversation[] = [];

  constructor(
    private readonly store: TranscriptStore,
    private readonly runId: string,
    private readonly nodeId: string,
  ) {}

  private continued(messages: readonly ChatMessage[]): OpenConversation | undefined {
    // The most recent first: a conversation that grew out of another continues the newer one.
    for (let i = this.open.length - 1; i >= 0; i--) {
      const c = this.open[i];
      if (
        messages.length >= c.seen &&
        messages[c.seen - 1]?.role === 'assistant' &&
        JSON.stringify(messages[c.seen - 2]) === c.lastRequestMessage
      ) {
        return c;
      }
    }
    return undefined;
  }

  record(messages: readonly ChatMessage[], answer: ChatMessage): void {
    let c = this.continued(messages);
    // The caller's copy of the previous answer is skipped: the stored one is what the model said.
    const fresh = c ? messages.slice(c.seen) : messages;
    if (!c) {
      c = { id: ++this.conversations, seen: 0, lastRequestMessage: '' };
      this.open.push(c);
      if (this.open.length > OPEN_LIMIT) this.open.shift();
    } else {
      // Kept last, so the newest conversations are tried first.
      this.open.splice(this.open.indexOf(c), 1);
      this.open.push(c);
    }
    this.store.append(this.runId, this.nodeId, c.id, [...fresh, answer]);
    c.seen = messages.length + 1;
    c.lastRequestMessage = JSON.stringify(messages[messages.length - 1]);
  }
}

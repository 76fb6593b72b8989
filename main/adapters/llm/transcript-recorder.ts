import type { ChatMessage } from '../../../nodes/sdk';
import type { TranscriptStore } from '../../store';

/**
 * Keeps one node run's transcript: each call's new messages and the answer. An agent resends
 * the whole conversation every call, so only what follows the previous call is stored; a call
 * that does not continue the last conversation starts a new one.
 */
export class TranscriptRecorder {
  private conversation = 0;
  /** Messages of the last call plus its answer; 0 before any call. */
  private seen = 0;
  private lastRequestMessage = '';

  constructor(
    private readonly store: TranscriptStore,
    private readonly runId: string,
    private readonly nodeId: string,
  ) {}

  record(messages: readonly ChatMessage[], answer: ChatMessage): void {
    const continues =
      this.seen > 0 &&
      messages.length >= this.seen &&
      messages[this.seen - 1]?.role === 'assistant' &&
      JSON.stringify(messages[this.seen - 2]) === this.lastRequestMessage;
    // The caller's copy of the previous answer is skipped: the stored one is what the model said.
    const fresh = continues ? messages.slice(this.seen) : messages;
    if (!continues) this.conversation++;
    this.store.append(this.runId, this.nodeId, this.conversation, [...fresh, answer]);
    this.seen = messages.length + 1;
    this.lastRequestMessage = JSON.stringify(messages[messages.length - 1]);
  }
}

import { describe, expect, it } from 'vitest';
import type { TranscriptEntryInfo } from '../../../preload/contract';
import { agentTranscripts, messageText } from './agent-transcripts';

const entry = (conversation: number, message: TranscriptEntryInfo['message']): TranscriptEntryInfo => ({ conversation, message, at: conversation });

describe("a node's transcript by agent", () => {
  it('gives each agent a tab, named by its system message, with its conversations in order', () => {
    const entries = [
      entry(1, { role: 'system', content: '# Supervisor (supervisor)\n\nYou lead a software team.' }),
      entry(1, { role: 'user', content: '# Blueprint' }),
      entry(2, { role: 'system', content: '# Backend engineer (backend)\nYou are the backend engineer.' }),
      entry(3, { role: 'system', content: '# Frontend engineer (frontend)\nYou are the frontend engineer.' }),
      entry(2, { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'write_file', arguments: '{"path":"backend/a.js"}' }] }),
      entry(4, { role: 'system', content: '# Backend engineer (backend)\nYou are the backend engineer.' }),
      entry(4, { role: 'user', content: '# Your task: fix-1' }),
    ];
    const agents = agentTranscripts(entries);
    expect(agents.map((a) => [a.title, a.conversations.map((c) => c.conversation)])).toEqual([
      ['Supervisor (supervisor)', [1]],
      ['Backend engineer (backend)', [2, 4]],
      ['Frontend engineer (frontend)', [3]],
    ]);
    expect(messageText(agents[1].conversations[0].messages[1])).toBe('→ write_file({"path":"backend/a.js"})');
  });

  it('names a conversation without a system message plainly', () => {
    expect(agentTranscripts([entry(1, { role: 'user', content: 'hi' })]).map((a) => a.title)).toEqual(['Conversation']);
  });
});

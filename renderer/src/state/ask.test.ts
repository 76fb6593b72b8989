import { describe, expect, it } from 'vitest';
import { FORMAT } from '../../../nodes/sdk';
import type { AskMessage, AskPlan } from '../../../preload/contract';
import { entriesFromHistory, openPlan } from './ask';

const plan: AskPlan = {
  kind: 'plan',
  summary: 'A Node.js REST API with a runs resource, tested and deployed',
  steps: [{ title: 'Write the API', kinds: ['code-generator'] }],
  draft: { format: FORMAT, id: 'runs', name: 'Runs', nodes: [], edges: [] },
  added: [],
  changed: [],
  removed: [],
  usedModel: false,
};

describe('the chat after a reload', () => {
  it('shows each stored message in order, and offers no stored plan to confirm again', () => {
    const messages: AskMessage[] = [
      { conversationId: 'c1', role: 'user', text: 'a service for my running club', at: 1 },
      { conversationId: 'c1', role: 'assistant', text: 'Which language?', reply: { kind: 'question', text: 'Which language?' }, at: 2 },
      { conversationId: 'c1', role: 'user', text: 'Node', at: 3 },
      { conversationId: 'c1', role: 'assistant', text: plan.summary, reply: plan, at: 4 },
    ];
    const entries = entriesFromHistory(messages);
    expect(entries.map((e) => (e.type === 'plan' ? `plan: ${e.plan.summary} (${e.state})` : `${e.type}: ${'text' in e ? e.text : ''}`))).toEqual([
      'user: a service for my running club',
      'question: Which language?',
      'user: Node',
      'plan: A Node.js REST API with a runs resource, tested and deployed (earlier)',
    ]);
    // A reload must never leave a button that confirms (and runs) a plan from an earlier session.
    expect(openPlan(entries)).toBeUndefined();
  });
});

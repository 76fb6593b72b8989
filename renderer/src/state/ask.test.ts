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

  it('shows a plan later confirmed as confirmed, one replaced or discarded as such, and the run\'s answer with its links', () => {
    const messages: AskMessage[] = [
      { conversationId: 'c1', role: 'user', text: 'a service for my running club, in Node', at: 1 },
      { conversationId: 'c1', role: 'assistant', text: plan.summary, reply: plan, at: 2 },
      { conversationId: 'c1', role: 'user', text: 'also open it in VS Code', at: 2.1 },
      { conversationId: 'c1', role: 'assistant', text: plan.summary, reply: { ...plan, summary: 'With VS Code' }, at: 2.2 },
      { conversationId: 'c1', role: 'assistant', text: 'Discarded', reply: { kind: 'discarded' }, at: 2.3 },
      { conversationId: 'c1', role: 'user', text: 'use Python instead', at: 3 },
      { conversationId: 'c1', role: 'assistant', text: plan.summary, reply: { ...plan, summary: 'A Python REST API' }, at: 4 },
      { conversationId: 'c1', role: 'assistant', text: 'Saved', reply: { kind: 'confirmed', projectId: 'runs', pipelineId: 'runs' }, at: 5 },
      {
        conversationId: 'c1',
        role: 'assistant',
        text: 'It is running',
        reply: { kind: 'answer', projectId: 'runs', runId: 'r1', status: 'succeeded', links: [{ label: 'The app', url: 'http://127.0.0.1:4000' }] },
        at: 6,
      },
    ];
    const entries = entriesFromHistory(messages);
    expect(entries.map((e) => (e.type === 'plan' ? `plan: ${e.plan.summary} (${e.state})` : e.type))).toEqual([
      'user',
      `plan: ${plan.summary} (replaced)`,
      'user',
      'plan: With VS Code (discarded)',
      'user',
      'plan: A Python REST API (confirmed)',
      'answer',
    ]);
    expect(entries.at(-1)).toMatchObject({ type: 'answer', status: 'succeeded', projectId: 'runs', links: [{ label: 'The app', url: 'http://127.0.0.1:4000' }] });
    expect(openPlan(entries)).toBeUndefined();
  });
});

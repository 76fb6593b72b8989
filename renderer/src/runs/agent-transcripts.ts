import type { TranscriptEntryInfo } from '../../../preload/contract';

type Message = TranscriptEntryInfo['message'];

/** One agent's conversations with its model, as a tab of the logs panel shows them. */
export interface AgentTranscript {
  /** The first line of the agent's system message, without a Markdown heading's `#`. */
  title: string;
  conversations: { conversation: number; messages: Message[] }[];
}

const MAX_TITLE = 48;

function titleOf(messages: Message[]): string {
  const system = messages.find((m) => m.role === 'system');
  const line = system?.content.split('\n').find((l) => l.trim())?.replace(/^#+\s*/, '').trim();
  if (!line) return 'Conversation';
  return line.length > MAX_TITLE ? `${line.slice(0, MAX_TITLE - 1)}…` : line;
}

/**
 * A node's transcript grouped by agent: the conversations that open with the same first line
 * of their system message belong to one agent (a team's agents each have their own; a single
 * agent has one tab), in the order each agent first spoke.
 */
export function agentTranscripts(entries: readonly TranscriptEntryInfo[]): AgentTranscript[] {
  const conversations = new Map<number, Message[]>();
  for (const e of entries) {
    let list = conversations.get(e.conversation);
    if (!list) conversations.set(e.conversation, (list = []));
    list.push(e.message);
  }
  const agents = new Map<string, AgentTranscript>();
  for (const [conversation, messages] of conversations) {
    const title = titleOf(messages);
    let agent = agents.get(title);
    if (!agent) agents.set(title, (agent = { title, conversations: [] }));
    agent.conversations.push({ conversation, messages });
  }
  return [...agents.values()];
}

const MAX_ARGUMENTS = 400;

/** A message as one block of text: who said it, what, and the tools it called. */
export function messageText(m: Message): string {
  const calls = (m.toolCalls ?? []).map((c) => `→ ${c.name}(${c.arguments.length > MAX_ARGUMENTS ? `${c.arguments.slice(0, MAX_ARGUMENTS)}…` : c.arguments})`);
  return [m.content, ...calls].filter(Boolean).join('\n');
}

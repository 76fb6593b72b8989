import type { ChatMessage } from '../../../nodes/sdk';
import { Store, defaultHome } from '../../store';
import { UsageError, parseCommand } from '../args';
import type { Io } from '../io';
import { resolveRunId } from '../run-id';

/** Tool arguments are shown up to this long: a whole written file would drown the conversation. */
const ARGUMENTS_SHOWN = 240;

function show(m: ChatMessage): string {
  const body = m.content.trimEnd();
  if (m.role !== 'assistant' || !m.toolCalls?.length) return `${m.role}: ${body}\n`;
  const calls = m.toolCalls.map((c) => {
    const args = c.arguments.length > ARGUMENTS_SHOWN ? `${c.arguments.slice(0, ARGUMENTS_SHOWN)}…` : c.arguments;
    return `  → ${c.name} ${args}`;
  });
  return `${body ? `assistant: ${body}\n` : 'assistant:\n'}${calls.join('\n')}\n`;
}

/** `pipewright transcript RUN [NODE]`: what the nodes of a run said to their models and heard back. */
export async function transcriptCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'transcript', { json: 'flag' });
  const [given, nodeId, ...extra] = args.positionals;
  if (!given || extra.length) throw new UsageError('usage: pipewright transcript <run-id> [node-id]');
  const store = Store.open(defaultHome());
  try {
    const runId = resolveRunId(store.runs, given);
    const entries = store.transcripts.list(runId, nodeId);
    if (args.flags.has('json')) {
      io.stdout.write(`${JSON.stringify(entries)}\n`);
      return 0;
    }
    if (!entries.length) {
      io.stdout.write(`no model conversation in run ${runId}${nodeId ? ` for node ${nodeId}` : ''}\n`);
      return 0;
    }
    let heading = '';
    for (const e of entries) {
      const next = `── ${e.nodeId} · conversation ${e.conversation}`;
      if (next !== heading) io.stdout.write(`${heading ? '\n' : ''}${(heading = next)}\n`);
      io.stdout.write(show(e.message));
    }
    return 0;
  } finally {
    store.close();
  }
}

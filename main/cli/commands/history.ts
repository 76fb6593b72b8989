import { Store, defaultHome } from '../../store';
import { UsageError, intFlag, parseCommand } from '../args';
import { formatDuration } from '../progress';
import { resolveRunId } from '../run-id';
import type { Io } from '../io';

/** Rows as columns padded to their widest cell; the first row is the header. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n') + '\n';
}

export const when = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '');

export async function listCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'list', { json: 'flag' });
  // The store alone: reading history needs no engine, Docker or model client.
  const store = Store.open(defaultHome());
  try {
    const pipelines = store.pipelines.list();
    if (args.flags.has('json')) io.stdout.write(`${JSON.stringify(pipelines)}\n`);
    else if (!pipelines.length) io.stdout.write('no saved pipelines yet (pipewright import <template.json>)\n');
    else
      io.stdout.write(
        table([
          ['ID', 'NAME', 'NODES', 'UPDATED'],
          ...pipelines.map((p) => [p.id, p.name, String(p.nodeCount), when(p.updatedAt)]),
        ]),
      );
    return 0;
  } finally {
    store.close();
  }
}

export async function runsCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'runs', { json: 'flag', limit: 'value' });
  const [pipelineId] = args.positionals;
  const store = Store.open(defaultHome());
  try {
    const runs = store.runs.list({ pipelineId, limit: intFlag(args, 'limit', 1) ?? 20 });
    if (args.flags.has('json')) io.stdout.write(`${JSON.stringify(runs)}\n`);
    else if (!runs.length) io.stdout.write(`no runs${pipelineId ? ` of ${pipelineId}` : ''} yet\n`);
    else
      io.stdout.write(
        table([
          ['RUN', 'PIPELINE', 'STATUS', 'STARTED', 'TOOK'],
          ...runs.map((r) => [
            r.id,
            r.pipelineId,
            r.status,
            when(r.startedAt),
            r.finishedAt ? formatDuration(r.finishedAt - r.startedAt) : '',
          ]),
        ]),
      );
    return 0;
  } finally {
    store.close();
  }
}

export async function logsCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'logs', {});
  const [given, nodeId] = args.positionals;
  if (!given) throw new UsageError('logs needs a run id: pipewright logs <run-id> [node-id] (the start of an id is enough)');
  const store = Store.open(defaultHome());
  try {
    const runId = resolveRunId(store.runs, given);
    for (const entry of store.runs.logs(runId, nodeId)) {
      io.stdout.write(nodeId ? entry.chunk : prefixLines(entry.nodeId, entry.chunk));
    }
    return 0;
  } finally {
    store.close();
  }
}

function prefixLines(nodeId: string, chunk: string): string {
  return chunk.replace(/^(?=.)/gm, `${nodeId} │ `);
}

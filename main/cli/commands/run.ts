import { dirname } from 'node:path';
import type { RunScope } from '../../engine/events';
import { ValidationError, type RunSummary } from '../../engine/engine';
import { openHost } from '../../host';
import { startRun } from '../../run-pipeline';
import { defaultHome } from '../../store';
import { UsageError, flag, intFlag, parseCommand, type OptionTable, type ParsedArgs } from '../args';
import { parseInputs } from '../inputs';
import { loadTarget } from '../load-target';
import { ProgressPrinter } from '../progress';
import { printIssues } from './validate';
import type { Io } from '../io';

const RUN_OPTIONS: OptionTable = {
  input: 'values',
  concurrency: 'value',
  node: 'value',
  'up-to': 'value',
  from: 'value',
  resume: 'flag',
  'fail-fast': 'flag',
  verbose: 'flag',
  json: 'flag',
};

function scopeOf(args: ParsedArgs): RunScope {
  const picked = (['node', 'up-to', 'from'] as const).filter((f) => flag(args, f) !== undefined);
  if (picked.length > 1) throw new UsageError(`use only one of --node, --up-to, --from`);
  const nodeId = picked.length ? flag(args, picked[0])! : undefined;
  if (!nodeId) return { kind: 'all' };
  return picked[0] === 'node' ? { kind: 'node', nodeId } : picked[0] === 'from' ? { kind: 'from', nodeId } : { kind: 'upTo', nodeId };
}

/** The final line of `--json`: what a script needs to know about the run. */
export function summaryJson(summary: RunSummary): string {
  return JSON.stringify({
    type: 'summary',
    runId: summary.runId,
    status: summary.status,
    outputs: summary.outputs,
    nodes: Object.fromEntries(
      Object.entries(summary.nodes).map(([id, n]) => [
        id,
        { status: n.status, cached: n.cached, durationMs: n.durationMs, outputs: n.outputs, error: n.error },
      ]),
    ),
  });
}

export async function runCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'run', RUN_OPTIONS);
  const [target, ...extra] = args.positionals;
  if (!target) throw new UsageError('run needs a template file or a pipeline id: pipewright run <template.json | id>');
  if (extra.length) throw new UsageError(`run takes one target, got also: ${extra.join(' ')}`);
  const json = flag(args, 'json') === 'true';
  const concurrency = intFlag(args, 'concurrency', 1);
  const scope = scopeOf(args);

  const host = openHost({ home: defaultHome() });
  try {
    const { doc, projectId, file } = loadTarget(target, host.store);
    if (file) host.addTemplateDir(dirname(file));
    const inputs = parseInputs(args.flags.get('input') ?? [], doc);

    let resumeRunId: string | undefined;
    if (flag(args, 'resume') === 'true') {
      const last = host.store.runs.latestResumable(doc.id);
      if (!last) throw new UsageError(`no interrupted, failed or cancelled run of "${doc.id}" to resume`);
      resumeRunId = last.id;
    }

    const printer = new ProgressPrinter(io.stdout, { verbose: flag(args, 'verbose') === 'true' });
    let started;
    try {
      started = startRun(host, {
        doc,
        projectId,
        scope,
        concurrency,
        inputs,
        resumeRunId,
        failFast: flag(args, 'fail-fast') === 'true',
        onEvent: (event) => {
          if (json) io.stdout.write(`${JSON.stringify(event)}\n`);
          else printer.handle(event);
        },
      });
    } catch (err) {
      // startRun validates the document once, sub-pipelines included; nothing has run or been recorded.
      if (!(err instanceof ValidationError)) throw err;
      printer.stop();
      printIssues(io, target, err.issues, json);
      return 1;
    }
    const { handle } = started;

    // Ctrl+C cancels the run cleanly (processes killed, state recorded); a second one quits.
    let interrupts = 0;
    const onSigint = () => {
      if (++interrupts > 1) process.exit(130);
      io.stderr.write('\ncancelling… (Ctrl+C again to quit at once)\n');
      handle.cancel('cancelled from the terminal');
    };
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigint);
    try {
      const summary = await handle.done;
      host.store.runs.flush();
      if (json) io.stdout.write(`${summaryJson(summary)}\n`);
      return summary.status === 'succeeded' ? 0 : 1;
    } finally {
      printer.stop();
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  } finally {
    host.close();
  }
}

import { BuiltinModel } from '../../adapters/local-llm/builtin-model';
import { diagnoseAnswer, diagnoseRun, DiagnoseError, type DiagnoseOptions, type DiagnoseResult } from '../../diagnose';
import { Store, defaultHome } from '../../store';
import { UsageError, parseCommand } from '../args';
import type { Io } from '../io';
import { resolveRunId } from '../run-id';

/** `pipewright diagnose <run-id> [node]`: why a node failed, the lines that show it, and the fix. */
export async function diagnoseCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseCommand(argv, 'diagnose', { json: 'flag', model: 'flag', offline: 'flag', fix: 'flag' });
  const [given, nodeId] = args.positionals;
  if (!given) throw new UsageError('diagnose needs a run id: pipewright diagnose <run-id> [node-id] (the start of an id is enough; see pipewright runs)');
  if (args.flags.has('model') && args.flags.has('offline')) throw new UsageError('--model and --offline exclude each other: give one');
  const store = Store.open(defaultHome());
  let runId: string;
  try {
    runId = resolveRunId(store.runs, given);
  } catch (err) {
    store.close();
    throw err;
  }
  if (args.flags.has('fix')) {
    store.close();
    return fixCommand(runId, nodeId, { model: args.flags.has('model'), offline: args.flags.has('offline') }, io);
  }
  let result: DiagnoseResult;
  const builtin = BuiltinModel.forHome(defaultHome());
  try {
    result = await diagnoseRun(store, runId, nodeId, { model: args.flags.has('model'), offline: args.flags.has('offline'), builtin });
  } catch (err) {
    if (err instanceof DiagnoseError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
    await builtin.dispose();
  }
  if (args.flags.has('json')) {
    io.stdout.write(`${JSON.stringify({ runId, ...diagnoseAnswer(result) })}\n`);
  } else {
    io.stdout.write(formatResult(result));
  }
  return result.diagnosis ? 0 : 1;
}

export function formatResult({ context, diagnosis, modelError }: DiagnoseResult): string {
  const head = `node ${context.nodeId} (${context.kind}): ${context.error.split('\n')[0] || 'failed'}\n`;
  if (!diagnosis) {
    const why = modelError ? `; the model could not be asked: ${modelError}` : '';
    return `${head}no offline rule knows this failure${why}\nconfigure an endpoint for troubleshooting (pipewright endpoint route troubleshooting '*' NAME), or install the built-in model (pipewright models pull qwen2.5-coder-1.5b), to ask a model\n`;
  }
  const lines = [
    head,
    `cause:    ${diagnosis.cause}`,
    'evidence:',
    ...diagnosis.evidence.map((e) => `  │ ${e}`),
    `fix:      ${diagnosis.fix}`,
    `(${diagnosis.source === 'model' ? 'answered by the model' : `offline rule ${diagnosis.source}`}, confidence ${diagnosis.confidence}${diagnosis.fixInWorkspace ? '; a change to the workspace' : ''})`,
  ];
  if (context.files.length) lines.push(`files read: ${context.files.map((f) => f.path).join(', ')}`);
  if (modelError) lines.push(`the model could not be asked: ${modelError}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `--fix`: the diagnosis handed to the code generator's agent as its instruction, on the node's
 * workspace, then the pipeline run again from that node. Exit 0 when the re-run succeeds.
 */
async function fixCommand(runId: string, nodeId: string | undefined, options: DiagnoseOptions, io: Io): Promise<number> {
  const { openHost } = await import('../../host');
  const { fixAndRerun } = await import('../../diagnose/fix');
  const host = openHost({ home: defaultHome() });
  try {
    const outcome = await fixAndRerun(host, runId, nodeId, options);
    io.stdout.write(formatResult({ context: outcome.context, diagnosis: outcome.diagnosis }));
    const { fixRun, rerun } = outcome;
    io.stdout.write(`fix: the code generator's agent changed ${outcome.context.workspace} (run ${fixRun.runId}: ${fixRun.status})\n`);
    if (!rerun) {
      io.stderr.write(`the fix did not succeed: ${fixRun.error ?? fixRun.status}; see pipewright logs ${fixRun.runId}\n`);
      return 1;
    }
    io.stdout.write(`re-run from ${outcome.context.nodeId}: ${rerun.status} (run ${rerun.runId})\n`);
    if (rerun.status !== 'succeeded') io.stderr.write(`${rerun.error ?? 'the re-run failed'}; diagnose it with pipewright diagnose ${rerun.runId}\n`);
    return rerun.status === 'succeeded' ? 0 : 1;
  } catch (err) {
    if (err instanceof DiagnoseError) throw new UsageError(err.message);
    throw err;
  } finally {
    host.close();
  }
}

import { FORMAT, type Pipeline } from '../../nodes/sdk';
import type { EngineEventListener, RunStatus } from '../engine/events';
import type { Host } from '../host';
import { startRun } from '../run-pipeline';
import { DiagnoseError } from './context';
import type { DiagnoseContext, Diagnosis } from './diagnosis';
import { diagnoseRun, type DiagnoseOptions } from './index';

export interface FixOutcome {
  context: DiagnoseContext;
  diagnosis: Diagnosis;
  /** The run of the code generator's agent that changed the workspace. */
  fixRun: { runId: string; status: RunStatus; error?: string };
  /** The original pipeline run again from the diagnosed node; absent when the fix itself failed. */
  rerun?: { runId: string; status: RunStatus; error?: string };
}

/** What the agent is told: the diagnosis, as an instruction to change the existing project. */
export function fixInstruction(c: DiagnoseContext, d: Diagnosis): string {
  return [
    `# Fix a failure in this existing project`,
    `Node "${c.nodeId}" (${c.kind}) failed with: ${c.error.split('\n')[0]}`,
    `Cause: ${d.cause}`,
    `Evidence:\n${d.evidence.map((e) => `    ${e}`).join('\n')}`,
    `Fix: ${d.fix}`,
    'Change only the files this fix needs; keep everything else as it is.',
  ].join('\n\n');
}

/**
 * Applies a diagnosis whose fix is a change to the workspace: the code generator's agent edits
 * the node's workspace in place with the diagnosis as its instruction (the model the router
 * picks for code generation), then the pipeline runs again from the diagnosed node.
 */
export async function fixAndRerun(
  host: Host,
  runId: string,
  nodeId: string | undefined,
  options: DiagnoseOptions & { onEvent?: EngineEventListener } = {},
): Promise<FixOutcome> {
  const { context, diagnosis, modelError } = await diagnoseRun(host.store, runId, nodeId, { builtin: host.builtin, ...options });
  const where = `node "${context.nodeId}" of run "${runId}"`;
  if (!diagnosis) throw new DiagnoseError(`nothing to fix for ${where}: no rule knows its failure${modelError ? ` and the model could not be asked (${modelError})` : ''}`);
  if (!diagnosis.fixInWorkspace) {
    throw new DiagnoseError(`the fix for ${where} is not a change to its files, so no agent can make it: ${diagnosis.fix}`);
  }
  if (!context.workspace) throw new DiagnoseError(`${where} had no workspace to change: apply the fix by hand (${diagnosis.fix})`);
  const original = host.store.runs.get(runId)!;
  if (!original.doc) throw new DiagnoseError(`run "${runId}" was recorded without its pipeline, so it cannot run again from "${context.nodeId}"`);

  const fixDoc: Pipeline = {
    format: FORMAT,
    id: `${original.pipelineId}-fix`,
    name: `Fix ${context.nodeId}`,
    inputs: [{ name: 'workspace', type: 'workspace' }],
    nodes: [
      { id: 'diagnosis', kind: 'text', version: 1, params: { text: fixInstruction(context, diagnosis) }, position: { x: 0, y: 0 } },
      { id: 'workspace', kind: 'pipeline-input', version: 1, params: { name: 'workspace', type: 'workspace' }, position: { x: 0, y: 200 } },
      { id: 'fix', kind: 'code-generator', version: 1, params: { mode: 'agent' }, position: { x: 300, y: 100 } },
    ],
    edges: [
      { id: 'e1', from: { node: 'diagnosis', port: 'text' }, to: { node: 'fix', port: 'blueprint' } },
      { id: 'e2', from: { node: 'workspace', port: 'value' }, to: { node: 'fix', port: 'workspace' } },
    ],
  };
  const fix = startRun(host, { doc: fixDoc, projectId: original.projectId, inputs: { workspace: { path: context.workspace } }, onEvent: options.onEvent });
  const fixed = await fix.handle.done;
  const fixRun = { runId: fix.runId, status: fixed.status, ...(fixed.nodes.fix?.error ? { error: fixed.nodes.fix.error } : {}) };
  if (fixed.status !== 'succeeded') return { context, diagnosis, fixRun };

  const rerun = startRun(host, {
    doc: original.doc,
    projectId: original.projectId,
    scope: { kind: 'from', nodeId: context.nodeId },
    inputs: original.inputs,
    onEvent: options.onEvent,
  });
  const after = await rerun.handle.done;
  const error = after.nodes[context.nodeId]?.error;
  return { context, diagnosis, fixRun, rerun: { runId: rerun.runId, status: after.status, ...(error ? { error } : {}) } };
}

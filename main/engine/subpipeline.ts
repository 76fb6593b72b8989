import { NodeError, type Pipeline } from '../../nodes/sdk';
import type { CompileEnv, CompiledGraph } from './graph';
import type { Plan } from './plan';
import { chainText, validatePipeline } from './validate';

/**
 * Checks a pipeline about to run inside another: no recursion through `chain` (the ids of the
 * pipelines it would sit in, outermost first), no validation issue. Throws NodeError, so the
 * calling node fails with the reason.
 */
export function prepareSubpipeline(
  doc: Pipeline,
  chain: readonly string[],
  env: CompileEnv,
): { graph: CompiledGraph; plan: Plan } {
  if (chain.includes(doc.id)) {
    throw new NodeError(`a pipeline cannot contain itself, recursion: ${chainText([...chain, doc.id])}`);
  }
  // Shallow: the sub-pipeline's own sub-pipelines are checked when they run.
  const { graph, issues } = validatePipeline(doc, env, chain, false);
  if (issues.length) {
    throw new NodeError(
      `sub-pipeline "${doc.id}" cannot run: ${issues.length} problem${issues.length === 1 ? '' : 's'}`,
      issues.map((x) => `- ${x.message}`).join('\n'),
    );
  }
  const n = graph.nodes.length;
  return { graph, plan: { selected: new Uint8Array(n).fill(1), forced: new Uint8Array(n) } };
}

/** The sub-pipeline's outputs, or the error its calling node fails with. */
export function subpipelineOutputs(
  doc: Pipeline,
  result: { status: string; outputs: Record<string, unknown>; failures: { nodeId: string; error: string }[] },
  signal: AbortSignal,
): Record<string, unknown> {
  if (result.status === 'cancelled') throw signal.reason ?? new Error('cancelled');
  if (result.status === 'failed') {
    const { failures } = result;
    throw new NodeError(
      failures.length
        ? `sub-pipeline "${doc.id}" failed at node ${failures.map((f) => `"${f.nodeId}"`).join(', ')}`
        : `sub-pipeline "${doc.id}" stopped: another node of the run failed`,
      failures.map((f) => `${f.nodeId}: ${f.error}`).join('\n') || undefined,
    );
  }
  return result.outputs;
}

import type { Pipeline } from '../../nodes/sdk';
import { findCycles } from './cycles';
import { describeNode, type ValidationIssue } from './errors';
import { documentLimitIssues } from './document-limits';
import { compileGraph, type CompileEnv, type CompiledGraph } from './graph';
import { validateOnce } from './validation-memo';

export interface Validated {
  graph: CompiledGraph;
  issues: ValidationIssue[];
}

/** `a → b → a`: how a chain of pipeline ids is shown. */
export function chainText(chain: readonly string[]): string {
  return chain.join(' → ');
}

/**
 * Every problem of a document at once. `chain` holds the ids of the pipelines that contain
 * this one (outermost first), so a sub-pipeline that leads back to one of them is refused.
 * `deep` also validates each sub-pipeline, to any depth, reporting its issues under
 * `pipelineNodeId/innerNodeId`.
 */
export function validatePipeline(
  doc: Pipeline,
  env: CompileEnv,
  chain: readonly string[] = [],
  deep = true,
): Validated {
  const issues: ValidationIssue[] = documentLimitIssues(doc, env.registry);
  const graph = compileGraph(doc, env, issues);
  // One at a time: spreading 150,000 cycles (a graph of two-node loops) into push overflows the stack.
  for (const cycle of findCycles(graph)) issues.push(cycle);
  const path = [...chain, doc.id];
  for (const node of graph.nodes) {
    if (!node.child) continue;
    const name = describeNode(node.inst);
    if (path.includes(node.child.id)) {
      issues.push({
        nodeId: node.id,
        field: 'ref',
        code: 'recursion',
        message: `${name}: a pipeline cannot contain itself, recursion: ${chainText([...path, node.child.id])}`,
      });
      continue;
    }
    if (!deep) continue;
    const child = node.child;
    const inner = validateOnce(env, child, path, () => validatePipeline(child, env, path, true)).issues;
    for (const issue of inner) {
      issues.push({
        ...issue,
        nodeId: issue.nodeId ? `${node.id}/${issue.nodeId}` : node.id,
        edgeId: issue.edgeId ? `${node.id}/${issue.edgeId}` : undefined,
        message: `in sub-pipeline "${node.child.id}" of ${name}: ${issue.message}`,
      });
    }
  }
  return { graph, issues };
}

/** Loads each ref once per validation or run, so one template is read (and parsed) once. */
export function memoizeLoader(load: (ref: string) => Pipeline): (ref: string) => Pipeline {
  const seen = new Map<string, { doc?: Pipeline; error?: unknown }>();
  return (ref) => {
    let entry = seen.get(ref);
    if (!entry) {
      try {
        entry = { doc: load(ref) };
      } catch (error) {
        entry = { error };
      }
      seen.set(ref, entry);
    }
    if (entry.error !== undefined) throw entry.error;
    return entry.doc!;
  };
}

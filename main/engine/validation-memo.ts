import type { Pipeline } from '../../nodes/sdk';
import type { ValidationIssue } from './errors';
import type { Validated } from './validate';

/**
 * How many problems of one sub-pipeline its calling node reports; the rest are counted. A
 * broken pipeline used 10⁶ times over would otherwise make 10⁶ issues (gigabytes) of one.
 */
export const MAX_INNER_ISSUES = 20;

interface Entry {
  /** Present when the result holds for any chain that names none of `reach`. */
  anyChain?: { result: Validated; reach: ReadonlySet<string> };
  /** Results that depend on the chain (they found a recursion), by chain. */
  byChain: Map<string, Validated>;
}

/**
 * One memo per validation: the loader hands back the same document object for the same ref
 * within it, so a pipeline used by ten nodes on each of six levels is checked once, not 10⁶
 * times. Keyed by the environment object each validation makes afresh.
 */
const memos = new WeakMap<object, Map<Pipeline, Entry>>();

/**
 * Validates sub-pipeline `doc` inside `chain` (the ids of the pipelines around it) once per
 * validation, its problems capped at `MAX_INNER_ISSUES` for the node that uses it. A result that found no recursion does not depend on the chain, as long as the
 * chain names none of the pipelines `doc` reaches (then it would be a recursion there), so it
 * is reused; one that found a recursion is reused only for the same chain.
 */
export function validateOnce(env: object, doc: Pipeline, chain: readonly string[], validate: () => Validated): Validated {
  let memo = memos.get(env);
  if (!memo) memos.set(env, (memo = new Map()));
  let entry = memo.get(doc);
  if (!entry) memo.set(doc, (entry = { byChain: new Map() }));
  const { anyChain } = entry;
  if (anyChain && !chain.some((id) => anyChain.reach.has(id))) return anyChain.result;
  const key = chain.join('\u0000');
  const known = entry.byChain.get(key);
  if (known) return known;

  const full = validate();
  const result: Validated = { graph: full.graph, issues: capped(full.issues, doc.id) };
  if (full.issues.some((i) => i.code === 'recursion')) {
    entry.byChain.set(key, result);
    return result;
  }
  // Every pipeline below was validated (and memoized) on the way: their reach is known.
  const reach = new Set<string>([doc.id]);
  for (const node of result.graph.nodes) {
    if (!node.child) continue;
    const below = memo.get(node.child)?.anyChain?.reach;
    if (below) for (const id of below) reach.add(id);
    else reach.add(node.child.id);
  }
  entry.anyChain = { result, reach };
  return result;
}

/** The first problems, and one that counts the others, said on the calling node. */
function capped(issues: ValidationIssue[], id: string): ValidationIssue[] {
  if (issues.length <= MAX_INNER_ISSUES) return issues;
  const more = issues.length - (MAX_INNER_ISSUES - 1);
  return [
    ...issues.slice(0, MAX_INNER_ISSUES - 1),
    {
      code: 'more-issues',
      message: `…and ${more.toLocaleString('en')} more problems: validate pipeline "${id}" on its own to see them all`,
    },
  ];
}

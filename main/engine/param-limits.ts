import type { Pipeline } from '../../nodes/sdk';

/**
 * How deep a node's params may nest. SQLite's JSON functions stop at 1,000 levels (the store
 * lists and deletes through them) and deep values overflow the stack of anything recursive
 * (JSON.stringify, cache keys); no real parameter comes near this.
 */
export const MAX_PARAM_DEPTH = 64;

/** How much JSON one node's params may hold. */
export const MAX_PARAM_BYTES = 1024 * 1024;

export interface ParamLimitProblem {
  nodeId: string;
  /** The top-level param the problem sits under; undefined when it is the params as a whole. */
  field?: string;
  message: string;
}

/** `extra.a.a.a…` cut to a readable length: the start shows which param, the count how deep. */
function pathText(path: readonly string[]): string {
  return path.length > 6 ? `${path.slice(0, 5).join('.')}… (${path.length} levels)` : path.join('.');
}

interface Step {
  value: unknown;
  depth: number;
  key: string;
  parent?: Step;
}

/**
 * The path to the first place in `value` nested deeper than `MAX_PARAM_DEPTH`, walked with an
 * explicit stack so that a value nested a million deep cannot overflow ours.
 */
function tooDeepAt(value: unknown): string[] | undefined {
  const stack: Step[] = [{ value, depth: 0, key: '' }];
  // An object shared between places (possible in documents built in code) is walked again
  // only where it sits deeper than before.
  const seenAt = new Map<object, number>();
  while (stack.length) {
    const step = stack.pop()!;
    const v = step.value;
    if (typeof v !== 'object' || v === null) continue;
    if (step.depth >= MAX_PARAM_DEPTH) return pathOf(step);
    if ((seenAt.get(v) ?? -1) >= step.depth) continue;
    seenAt.set(v, step.depth);
    const depth = step.depth + 1;
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push({ value: v[i], depth, key: String(i), parent: step });
    else for (const key of Object.keys(v)) stack.push({ value: (v as Record<string, unknown>)[key], depth, key, parent: step });
  }
  return undefined;
}

function pathOf(step: Step): string[] {
  const path: string[] = [];
  for (let s: Step | undefined = step; s?.parent; s = s.parent) path.push(s.key);
  return path.reverse();
}

/** How much JSON a node's pinned outputs may hold: a run's results, larger than params may be. */
export const MAX_PINNED_BYTES = 4 * 1024 * 1024;

function jsonBytes(value: unknown): number | Error {
  try {
    // Safe once the depth is bounded.
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch (err) {
    return err as Error;
  }
}

/** Problems with one node's params: too deep, or too large once written as JSON. */
export function paramLimitProblem(nodeId: string, params: unknown): ParamLimitProblem | undefined {
  const deep = tooDeepAt(params);
  if (deep) {
    return {
      nodeId,
      field: deep[0],
      message: `node "${nodeId}": param "${pathText(deep)}" is nested more than ${MAX_PARAM_DEPTH} levels deep; flatten the value`,
    };
  }
  const bytes = jsonBytes(params);
  if (bytes instanceof Error) {
    return { nodeId, message: `node "${nodeId}": its params cannot be written as JSON (${bytes.message}); use plain values` };
  }
  if (bytes > MAX_PARAM_BYTES) {
    const mib = (bytes / 1024 / 1024).toFixed(1);
    return {
      nodeId,
      message: `node "${nodeId}": its params hold ${mib} MiB of JSON, more than the ${MAX_PARAM_BYTES / 1024 / 1024} MiB a node may keep; move large content to a file or a workspace`,
    };
  }
  return undefined;
}

/**
 * Problems with a node's pinned outputs (`settings.pinned`), which a template carries and the
 * store keeps like params: the same depth limit, a larger size limit.
 */
export function pinnedLimitProblem(nodeId: string, outputs: unknown): ParamLimitProblem | undefined {
  const field = 'settings.pinned';
  const deep = tooDeepAt(outputs);
  if (deep) {
    return {
      nodeId,
      field,
      message: `node "${nodeId}": pinned output "${pathText(deep)}" is nested more than ${MAX_PARAM_DEPTH} levels deep; unpin the node or flatten the value`,
    };
  }
  const bytes = jsonBytes(outputs);
  if (bytes instanceof Error) {
    return { nodeId, field, message: `node "${nodeId}": its pinned outputs cannot be written as JSON (${bytes.message}); unpin the node` };
  }
  if (bytes > MAX_PINNED_BYTES) {
    const mib = (bytes / 1024 / 1024).toFixed(1);
    return {
      nodeId,
      field,
      message: `node "${nodeId}": its pinned outputs hold ${mib} MiB of JSON, more than the ${MAX_PINNED_BYTES / 1024 / 1024} MiB a pin may keep; unpin the node`,
    };
  }
  return undefined;
}

/** Every node of `doc` whose params or pinned outputs break the limits. */
export function paramLimitProblems(doc: Pipeline): ParamLimitProblem[] {
  const problems: ParamLimitProblem[] = [];
  for (const node of doc.nodes) {
    const problem = paramLimitProblem(node.id, node.params);
    if (problem) problems.push(problem);
    const pinned = node.settings?.pinned;
    const pin = pinned === undefined ? undefined : pinnedLimitProblem(node.id, pinned.outputs);
    if (pin) problems.push(pin);
  }
  return problems;
}

/**
 * The run input (of `inputs`) nested deeper than params may be, with a message naming it: the
 * run is recorded with its inputs, and SQLite refuses JSON nested 1,000 deep.
 */
export function inputLimitProblem(inputs: Record<string, unknown>): { input: string; message: string } | undefined {
  for (const [name, value] of Object.entries(inputs)) {
    const deep = tooDeepAt(value);
    if (deep) {
      return {
        input: name,
        message: `input "${name}": the value is nested more than ${MAX_PARAM_DEPTH} levels deep (at "${pathText([name, ...deep])}"); flatten it`,
      };
    }
  }
  return undefined;
}

import { pipelineInterface } from '../nodes/pipeline/interface';
import { PORT_VALUE_SCHEMAS, type Pipeline } from '../nodes/sdk';
import { inputLimitProblem } from './engine/param-limits';

/**
 * How deep a value given as an input may nest. Far beyond what a program means to pass, and
 * far within what writing it to the store and handing it along edges can do without
 * overflowing the stack.
 */
export const MAX_INPUT_DEPTH = 256;

export interface InputProblem {
  /** The input at fault, as the pipeline declares it (or as the caller misspelt it). */
  input: string;
  message: string;
}

/**
 * Checks run inputs given by a program (the HTTP API) against what the pipeline declares: no
 * unknown names, every required input present, each value of its port's type. The engine checks
 * again when the input node runs; this answers before anything is recorded or started.
 */
export function runInputProblems(doc: Pipeline, inputs: Record<string, unknown>): InputProblem[] {
  // A value too deep to record is refused before anything walks it.
  const tooDeep = inputLimitProblem(inputs);
  if (tooDeep) return [tooDeep];
  const declared = pipelineInterface(doc).inputs;
  // An input node with a default makes its input optional whatever the declaration says.
  const defaulted = new Set(
    doc.nodes
      .filter((n) => n.kind === 'pipeline-input' && !n.disabled && n.params.default !== undefined)
      .map((n) => String(n.params.name)),
  );
  const names = declared.map((p) => p.name);
  const problems: InputProblem[] = [];
  for (const name of Object.keys(inputs)) {
    if (names.includes(name)) continue;
    problems.push({
      input: name,
      message: `input "${name}": pipeline "${doc.id}" has no input of that name (${names.length ? `its inputs: ${names.join(', ')}` : 'it declares no inputs'})`,
    });
  }
  for (const port of declared) {
    const value = inputs[port.name];
    if (value === undefined || value === null) {
      if (!port.optional && !defaulted.has(port.name)) {
        problems.push({ input: port.name, message: `input "${port.name}" is required: give it a ${port.type} value` });
      }
      continue;
    }
    if (nestedDeeperThan(value, MAX_INPUT_DEPTH)) {
      problems.push({ input: port.name, message: `input "${port.name}" nests arrays or objects more than ${MAX_INPUT_DEPTH} levels deep: pass a flatter value` });
      continue;
    }
    const checked = PORT_VALUE_SCHEMAS[port.type].safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const at = issue.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
      problems.push({ input: port.name, message: `input "${port.name}" takes a ${port.type} value: ${issue.message}${at}` });
    }
  }
  return problems;
}

/** Whether `value` holds arrays or objects more than `limit` levels deep; without recursion, so any depth is measured. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pipelineInterface } from '../nodes/pipeline/interface';
import { PORT_VALUE_SCHEMAS, type Pipeline } from '../nodes/sdk';
import { inputLimitProblem } from './engine/param-limits';

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
    const checked = PORT_VALUE_SCHEMAS[port.type].safeParse(value);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const at = issue.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
      problems.push({ input: port.name, message: `input "${port.name}" takes a ${port.type} value: ${issue.message}${at}` });
    }
  }
  return problems;
}

/**
 * The `workspace` inputs among well-typed `inputs` whose path is not an absolute path of a folder
 * on this machine: a program learns it before the run starts, not from the run's first node.
 */
export function folderInputProblems(doc: Pipeline, inputs: Record<string, unknown>): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const port of pipelineInterface(doc).inputs) {
    const path = port.type === 'workspace' ? (inputs[port.name] as { path?: unknown } | undefined)?.path : undefined;
    if (typeof path !== 'string') continue;
    if (!isAbsolute(path)) problems.push({ input: port.name, message: `input "${port.name}" takes the absolute path of a folder, got "${path}"` });
    else if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) problems.push({ input: port.name, message: `input "${port.name}": ${path} is not a folder on this machine` });
  }
  return problems;
}

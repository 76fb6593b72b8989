import { isAbsolute } from 'node:path';
import { statSync } from 'node:fs';
import { z } from 'zod';
import { definitionsByKind } from '../../nodes/definitions';
import { pipelineInterface } from '../../nodes/pipeline/interface';
import { PORT_VALUE_SCHEMAS, type Pipeline, type PortType } from '../../nodes/sdk';
import { runInputProblems } from '../run-inputs';
import { argumentKey } from './tool-names';

export interface ToolInput {
  name: string;
  /** The argument's name in the tool's schema: `name`, or a valid stand-in where `name` is not one. */
  key: string;
  type: PortType;
  description?: string;
  required: boolean;
  default?: unknown;
}

/** What a tool argument of each port type means to a caller that knows nothing of Pipewright. */
const TYPE_HINTS: Record<PortType, string> = {
  any: 'any JSON value',
  text: 'text',
  json: 'any JSON value',
  workspace: 'the absolute path of a folder on the machine Pipewright runs on',
  repo: 'a git repository: {path, branch, commit, remote?}',
  endpoint: 'an OpenAI-compatible model: {baseUrl, model, apiKeySecret?} (the name of a Pipewright secret, never a key)',
  service: 'a running service: {url, name, containerId?, image?}',
  image: 'a Docker image: {ref}',
  report: 'a report object',
};

/**
 * The inputs a pipeline declares, as tool arguments: required unless declared optional or given
 * a default by its pipeline-input node.
 */
export function toolInputs(doc: Pipeline): ToolInput[] {
  const defaults = new Map<string, unknown>();
  for (const node of doc.nodes) {
    if (definitionsByKind.get(node.kind)?.role === 'pipeline-input' && !node.disabled && typeof node.params.name === 'string' && node.params.default !== undefined) {
      defaults.set(node.params.name, node.params.default);
    }
  }
  return pipelineInterface(doc).inputs.map((port) => ({
    name: port.name,
    key: argumentKey(port.name),
    type: port.type,
    ...(port.description ? { description: port.description } : {}),
    required: !port.optional && !defaults.has(port.name),
    ...(defaults.has(port.name) ? { default: defaults.get(port.name) } : {}),
  }));
}

/** The JSON Schema of one argument: the port's value schema, a folder path for workspaces. */
function argumentSchema(input: ToolInput): Record<string, unknown> {
  const base: Record<string, unknown> =
    input.type === 'workspace' ? { type: 'string' } : input.type === 'any' || input.type === 'json' ? {} : stripMeta(z.toJSONSchema(PORT_VALUE_SCHEMAS[input.type]));
  const hint = TYPE_HINTS[input.type];
  const described = input.description ? `${input.description} (${hint})` : hint;
  const description = input.key === input.name ? described : `The input "${input.name}": ${described}`;
  return { ...base, description, ...(input.default !== undefined ? { default: input.default } : {}) };
}

function stripMeta(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, ...rest } = schema;
  return rest;
}

/** The tool's input schema: an object with one property per declared input. */
export function inputSchema(inputs: readonly ToolInput[]): { type: 'object'; properties: Record<string, object>; required?: string[]; additionalProperties: false } {
  const required = inputs.filter((i) => i.required).map((i) => i.key);
  return {
    type: 'object',
    properties: Object.fromEntries(inputs.map((i) => [i.key, argumentSchema(i)])),
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

/** An argument the tool cannot run with; the message names it and says what it takes. */
export class ArgumentError extends Error {
  override name = 'ArgumentError';
}

/**
 * Turns the arguments of a call into run inputs (a workspace folder path becomes `{path}`) and
 * checks them as the HTTP API does (names, required, types). Throws ArgumentError naming the
 * first bad argument.
 */
export function runInputsFrom(args: Record<string, unknown> | undefined, inputs: readonly ToolInput[], doc: Pipeline): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  for (const input of inputs) {
    // An argument under its stand-in name is the input's value (a client that sent the input's own name is understood too).
    if (input.key !== input.name && input.key in out) {
      if (!(input.name in out)) out[input.name] = out[input.key];
      delete out[input.key];
    }
    const value = out[input.name];
    if (input.type === 'workspace' && value !== undefined && value !== null) out[input.name] = workspaceValue(input, value);
  }
  const [problem] = runInputProblems(doc, out);
  if (problem) {
    const hint = inputs.find((i) => i.name === problem.input);
    let message = problem.message.replace(/^input /, '');
    if (hint && hint.key !== hint.name) message = message.replace(JSON.stringify(hint.name), `${JSON.stringify(hint.key)} (the input ${JSON.stringify(hint.name)})`);
    throw new ArgumentError(`argument ${message}${hint ? ` (${TYPE_HINTS[hint.type]})` : ''}`);
  }
  return out;
}

function workspaceValue(input: ToolInput, value: unknown): { path: string } {
  const path = typeof value === 'string' ? value : (value as { path?: unknown })?.path;
  if (typeof path !== 'string' || !isAbsolute(path)) {
    throw new ArgumentError(`argument "${input.key}" must be the absolute path of a folder, got ${JSON.stringify(value)}`);
  }
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new ArgumentError(`argument "${input.key}": ${path} is not a folder on this machine`);
  return { path };
}

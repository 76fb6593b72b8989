import { createHash } from 'node:crypto';

/** The tools every Pipewright MCP server has besides its pipelines. */
export const FIXED_TOOLS = {
  listPipelines: 'list_pipelines',
  listRuns: 'list_runs',
  runLogs: 'read_run_logs',
} as const;

const FIXED_NAMES: ReadonlySet<string> = new Set(Object.values(FIXED_TOOLS));

/** MCP clients accept tool names of letters, digits, `_` and `-`, at most 64 characters. */
const MAX_LENGTH = 64;
const NOT_ALLOWED = /[^A-Za-z0-9_-]/g;

/**
 * The tool name of pipeline `id`: the id itself when it is a valid tool name of its own,
 * otherwise the id made valid plus `_` and a hash of the id. It depends on the id alone, so a
 * tool keeps its name however other pipelines come and go, and two ids never share a name (the
 * hash tells apart ids that read the same once made valid, or that name a fixed tool).
 */
export function pipelineToolName(id: string): string {
  const clean = id.replace(NOT_ALLOWED, '_');
  if (clean === id && id.length > 0 && id.length <= MAX_LENGTH && !FIXED_NAMES.has(id)) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  return `${clean.slice(0, MAX_LENGTH - hash.length - 1)}_${hash}`;
}

/** What assistants' model APIs accept as the name of a tool's argument (Anthropic's Messages API refuses the whole tool list otherwise). */
const ARGUMENT_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The argument name of a pipeline input: the input's name when a model API accepts it as it is,
 * otherwise the name made valid plus `_` and a hash of the name, stable and distinct like tool names.
 */
export function argumentKey(inputName: string): string {
  if (ARGUMENT_KEY.test(inputName)) return inputName;
  const hash = createHash('sha256').update(inputName).digest('hex').slice(0, 8);
  return `${inputName.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, MAX_LENGTH - hash.length - 1)}_${hash}`;
}

import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { formatDuration } from '../cli/progress';
import { FIXED_TOOLS } from './tool-names';

type Content = CallToolResult['content'][number];

/** How a run ended, read from its (redacted) events. */
export interface RunOutcome {
  runId: string;
  pipelineId: string;
  pipelineName: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  outputs: Record<string, unknown>;
  /** Nodes that failed, with their errors, in the order they failed. */
  failures: { nodeId: string; kind: string; error: string }[];
  error?: string;
  durationMs: number;
}

/** One output for a reader: text as it is, a service as a link, a folder as its path, the rest as JSON. */
function outputContent(name: string, value: unknown): Content[] {
  if (typeof value === 'string') return [{ type: 'text', text: value.includes('\n') ? `${name}:\n${value}` : `${name}: ${value}` }];
  const url = (value as { url?: unknown } | null)?.url;
  if (typeof url === 'string' && URL.canParse(url)) {
    const service = (value as { name?: unknown }).name;
    return [
      { type: 'text', text: `${name}: ${url}${typeof service === 'string' ? ` (service ${service})` : ''}` },
      { type: 'resource_link', uri: url, name: typeof service === 'string' ? service : name, description: `The output "${name}" of the run` },
    ];
  }
  const path = (value as { path?: unknown } | null)?.path;
  if (typeof path === 'string' && Object.keys(value as object).length === 1) return [{ type: 'text', text: `${name}: the folder ${path}` }];
  return [{ type: 'text', text: `${name}: ${JSON.stringify(value, null, 2) ?? 'null'}` }];
}

/**
 * The answer to a tool call: a first line saying how the run went, then each output (or, for a
 * run that did not succeed, each failing node and its error, with `isError` set so the caller's
 * model sees a failure), and the outputs again as structured content for programs.
 */
export function toolResult(outcome: RunOutcome): CallToolResult {
  const took = formatDuration(outcome.durationMs);
  const structuredContent = { runId: outcome.runId, pipelineId: outcome.pipelineId, status: outcome.status, outputs: outcome.outputs };
  if (outcome.status === 'succeeded') {
    const names = Object.keys(outcome.outputs);
    return {
      content: [
        { type: 'text', text: `Run ${outcome.runId} of "${outcome.pipelineName}" succeeded in ${took}${names.length ? '.' : ', with no outputs.'}` },
        ...names.flatMap((name) => outputContent(name, outcome.outputs[name])),
      ],
      structuredContent,
    };
  }
  const lines = [`Run ${outcome.runId} of "${outcome.pipelineName}" ${outcome.status} after ${took}.`];
  for (const f of outcome.failures) lines.push(`Node "${f.nodeId}" (${f.kind}) failed: ${f.error}`);
  if (!outcome.failures.length && outcome.error) lines.push(outcome.error);
  lines.push(`Read its logs with the ${FIXED_TOOLS.runLogs} tool (runId ${outcome.runId}).`);
  return { content: [{ type: 'text', text: lines.join('\n') }], structuredContent, isError: true };
}

/** A call that could not start a run (a bad argument, a pipeline that does not validate). */
export function refusedResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

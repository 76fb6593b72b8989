import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { pipelineInterface } from '../../nodes/pipeline/interface';
import { awaitsReview } from '../api/keys';
import type { Host } from '../host';
import type { PipelineTool, ToolScope } from './pipeline-tools';
import { refusedResult } from './run-result';
import { FIXED_TOOLS } from './tool-names';

/** The most log text one answer carries: the end of the log, where results and errors are. */
export const LOG_LIMIT_CHARS = 40_000;

const ListRunsArgs = z
  .object({
    pipelineId: z.string().min(1).optional().describe('Only the runs of this pipeline (its id, from list_pipelines)'),
    limit: z.number().int().min(1).max(200).default(20).describe('How many runs, newest first'),
  })
  .strict();

const RunLogsArgs = z
  .object({
    runId: z.string().min(1).describe('The run (from list_runs or a pipeline tool\'s answer)'),
    nodeId: z.string().min(1).optional().describe('Only this node\'s output'),
    maxChars: z.number().int().min(100).max(LOG_LIMIT_CHARS).default(LOG_LIMIT_CHARS).describe('Keep at most this many characters, from the end'),
  })
  .strict();

const NoArgs = z.object({}).strict();

function schemaOf(schema: z.ZodObject): Tool['inputSchema'] {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return { ...rest, type: 'object' } as Tool['inputSchema'];
}

export const HISTORY_TOOLS: Tool[] = [
  {
    name: FIXED_TOOLS.listPipelines,
    description: 'Lists the saved Pipewright pipelines: id, name, description, inputs and outputs, and the tool that runs each one.',
    inputSchema: schemaOf(NoArgs),
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: FIXED_TOOLS.listRuns,
    description: 'Lists Pipewright runs, newest first: run id, pipeline, status, start and end time, error.',
    inputSchema: schemaOf(ListRunsArgs),
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  {
    name: FIXED_TOOLS.runLogs,
    description: `Reads what the nodes of a Pipewright run printed (secret values are masked), each line prefixed with its node id; the last ${LOG_LIMIT_CHARS} characters at most.`,
    inputSchema: schemaOf(RunLogsArgs),
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
];

function json(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value as Record<string, unknown> };
}

function parse<T extends z.ZodObject>(tool: string, schema: T, args: unknown): z.infer<T> | string {
  const parsed = schema.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
  return `${tool}: argument "${name}": ${issue.message}`;
}

/** Answers a call to one of the fixed tools, within the server's scope; undefined for any other name. */
export function callHistoryTool(host: Host, scope: ToolScope, tools: () => PipelineTool[], name: string, args: unknown): CallToolResult | undefined {
  switch (name) {
    case FIXED_TOOLS.listPipelines: {
      const parsed = parse(name, NoArgs, args);
      if (typeof parsed === 'string') return refusedResult(parsed);
      const toolOf = new Map(tools().map((t) => [t.doc.id, t.tool.name]));
      const pipelines = host.store.pipelines.list(scope.projectId).map((p) => {
        let doc;
        try {
          doc = host.store.pipelines.get(p.id);
        } catch (err) {
          return { id: p.id, name: p.name, projectId: p.projectId, unreadable: (err as Error).message };
        }
        const ports = doc ? pipelineInterface(doc) : { inputs: [], outputs: [] };
        return {
          id: p.id,
          name: p.name,
          projectId: p.projectId,
          ...(doc?.description ? { description: doc.description } : {}),
          inputs: ports.inputs,
          outputs: ports.outputs,
          ...(toolOf.has(p.id) ? { tool: toolOf.get(p.id) } : {}),
          ...(awaitsReview(host.store.settings, p.id) ? { awaitingReview: 'imported from a file; it becomes a tool once a person confirms its review in Pipewright' } : {}),
        };
      });
      return json(host.store.secrets.matcher().redactDeep({ pipelines }));
    }
    case FIXED_TOOLS.listRuns: {
      const parsed = parse(name, ListRunsArgs, args);
      if (typeof parsed === 'string') return refusedResult(parsed);
      const runs = host.store.runs.list({ ...scope, pipelineId: parsed.pipelineId, limit: parsed.limit }).map((r) => ({
        runId: r.id,
        pipelineId: r.pipelineId,
        projectId: r.projectId,
        status: r.status,
        startedAt: new Date(r.startedAt).toISOString(),
        ...(r.finishedAt ? { finishedAt: new Date(r.finishedAt).toISOString() } : {}),
        ...(r.error ? { error: r.error } : {}),
      }));
      return json({ runs });
    }
    case FIXED_TOOLS.runLogs: {
      const parsed = parse(name, RunLogsArgs, args);
      if (typeof parsed === 'string') return refusedResult(parsed);
      const run = host.store.runs.get(parsed.runId);
      if (!run || (scope.projectId !== undefined && run.projectId !== scope.projectId)) {
        return refusedResult(`${name}: no run with id "${parsed.runId}"${scope.projectId ? ` in project "${scope.projectId}"` : ''} (see ${FIXED_TOOLS.listRuns})`);
      }
      const chunks = host.store.runs.logs(parsed.runId, parsed.nodeId);
      let text = chunks.map((c) => (parsed.nodeId ? c.chunk : c.chunk.replace(/^(?=.)/gm, `${c.nodeId} │ `))).join('');
      if (text.length > parsed.maxChars) text = `… (${text.length - parsed.maxChars} earlier characters left out)\n${text.slice(-parsed.maxChars)}`;
      const header = `Run ${run.id} of ${run.pipelineId}: ${run.status}${run.error ? ` (${run.error})` : ''}`;
      return { content: [{ type: 'text', text: `${header}\n${text || (parsed.nodeId ? `node "${parsed.nodeId}" printed nothing` : 'the run printed nothing')}` }] };
    }
    default:
      return undefined;
  }
}

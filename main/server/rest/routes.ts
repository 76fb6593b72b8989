import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { RunManager } from '../../api';
import { awaitsReview } from '../../api/keys';
import { ValidationError } from '../../engine/errors';
import type { Host } from '../../host';
import { folderInputProblems, runInputProblems } from '../../run-inputs';
import { parseBody, readJsonBody, RestError } from './http';
import { listPipelines, pipelineInfo, savedPipeline } from './pipelines';
import { streamRunEvents } from './run-stream';
import {
  CancelledSchema,
  EngineEventSchema,
  LogsSchema,
  PipelineDetailSchema,
  PipelineListSchema,
  RunSchema,
  StartedRunSchema,
  StartRunBodySchema,
} from './schemas';

export interface RestDeps {
  host: Host;
  runs: RunManager;
}

export interface RouteRequest {
  params: Record<string, string>;
  url: URL;
  req: IncomingMessage;
  res: ServerResponse;
}

/** A JSON answer; undefined when the handler answered itself (an event stream). */
export type RouteAnswer = { status: number; body: unknown; headers?: Record<string, string> } | undefined;

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
  /** Answered as text/event-stream, each `data:` line one of `schema`. */
  eventStream?: boolean;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Under /api/v1, with `{name}` for a path parameter. */
  path: string;
  operationId: string;
  summary: string;
  body?: z.ZodType;
  query?: { name: string; description: string }[];
  responses: Record<number, RouteResponse>;
  handle(deps: RestDeps, request: RouteRequest): RouteAnswer | Promise<RouteAnswer>;
}

const ok = (body: unknown): RouteAnswer => ({ status: 200, body });

/**
 * `value` with every stored secret's value masked, as an export masks it: a value pasted into a
 * command or a description stays in the editor, not in what programs read.
 */
function masked<T>(host: Host, value: T): T {
  const matcher = host.store.secrets.matcher();
  return matcher.empty ? value : matcher.redactDeep(value);
}

/** The run as the UI's `runs.get` answers it, flattened; 404 when there is none. */
function runOf(deps: RestDeps, runId: string) {
  try {
    const { run, nodes } = deps.runs.detail(runId);
    // Events reach the store redacted; the inputs a caller gave are stored as given, so they are hidden here.
    return { ...run, inputs: masked(deps.host, run.inputs), nodes };
  } catch (err) {
    if (!deps.host.store.runs.get(runId)) throw new RestError(404, `no run "${runId}": it may belong to a deleted project`);
    throw err;
  }
}

/** Every route of the API: the router serves these and openapi.ts describes them. */
export const ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/pipelines',
    operationId: 'listPipelines',
    summary: 'Saved pipelines with their declared inputs and outputs',
    responses: { 200: { description: 'Every saved pipeline', schema: PipelineListSchema } },
    handle: ({ host }) => ok(masked(host, { pipelines: listPipelines(host) })),
  },
  {
    method: 'GET',
    path: '/pipelines/{pipelineId}',
    operationId: 'getPipeline',
    summary: 'A saved pipeline: its interface and its document',
    responses: {
      200: { description: 'The pipeline', schema: PipelineDetailSchema },
      404: { description: 'No saved pipeline has this id' },
      409: { description: 'The stored document cannot be read by this build' },
    },
    handle: ({ host }, { params }) => {
      const { summary, doc } = savedPipeline(host, params.pipelineId);
      return ok(masked(host, { ...pipelineInfo(host, summary, doc), document: doc }));
    },
  },
  {
    method: 'POST',
    path: '/pipelines/{pipelineId}/runs',
    operationId: 'startRun',
    summary: 'Start a run of a saved pipeline with the given inputs',
    body: StartRunBodySchema,
    responses: {
      201: { description: 'The run started; follow it at /runs/{runId}', schema: StartedRunSchema },
      400: { description: 'The body or an input is not what the pipeline takes (each problem names the input)' },
      404: { description: 'No saved pipeline has this id' },
      409: { description: 'The pipeline was imported from a file and its review is not confirmed yet, or its stored document cannot be read' },
      422: { description: 'The pipeline does not validate (each problem names the node)' },
    },
    handle: async ({ host, runs }, { params, req }) => {
      const body = parseBody(StartRunBodySchema, await readJsonBody(req));
      const { summary, doc } = savedPipeline(host, params.pipelineId);
      if (awaitsReview(host.store.settings, doc.id)) {
        throw new RestError(
          409,
          `pipeline "${doc.id}" was imported from a file and what it runs has not been confirmed: open it in Pipewright, read the review and confirm it, then run it here`,
        );
      }
      const typed = runInputProblems(doc, body.inputs);
      const problems = typed.length ? typed : folderInputProblems(doc, body.inputs);
      if (problems.length) {
        throw new RestError(400, `pipeline "${doc.id}" cannot start with these inputs: ${problems.map((p) => p.message).join('; ')}`, problems);
      }
      let runId: string;
      try {
        runId = runs.start({ doc, projectId: summary.projectId, scope: body.scope, inputs: body.inputs });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const issues = err.issues.map(({ nodeId, field, code, message }) => ({
          ...(nodeId ? { nodeId } : {}),
          ...(field ? { field } : {}),
          code,
          message,
        }));
        throw new RestError(422, `pipeline "${doc.id}" cannot run: ${issues.map((i) => i.message).join('; ')}; fix it in Pipewright and save`, issues);
      }
      return { status: 201, body: { runId }, headers: { location: `/api/v1/runs/${encodeURIComponent(runId)}` } };
    },
  },
  {
    method: 'GET',
    path: '/runs/{runId}',
    operationId: 'getRun',
    summary: "A run's status, each node's status and the run's outputs",
    responses: { 200: { description: 'The run', schema: RunSchema }, 404: { description: 'No run has this id' } },
    handle: (deps, { params }) => ok(runOf(deps, params.runId)),
  },
  {
    method: 'GET',
    path: '/runs/{runId}/events',
    operationId: 'runEvents',
    summary: "A run's engine events as Server-Sent Events, from its start, ending after run-finished",
    responses: {
      200: { description: 'One `data:` line of JSON per event', schema: EngineEventSchema, eventStream: true },
      404: { description: 'No run has this id' },
    },
    handle: ({ host, runs }, { params, req, res }) => {
      streamRunEvents(host, runs, params.runId, req, res);
      return undefined;
    },
  },
  {
    method: 'POST',
    path: '/runs/{runId}/cancel',
    operationId: 'cancelRun',
    summary: 'Cancel a run: running nodes are stopped, the rest end as cancelled',
    responses: { 200: { description: 'Whether a running run was cancelled', schema: CancelledSchema }, 404: { description: 'No run has this id' } },
    handle: ({ host, runs }, { params }) => {
      const run = host.store.runs.get(params.runId);
      if (!run) throw new RestError(404, `no run "${params.runId}": it may belong to a deleted project`);
      const cancelled = runs.cancel(params.runId, 'cancelled through the HTTP API');
      return ok({ cancelled, status: cancelled ? 'cancelling' : run.status });
    },
  },
  {
    method: 'GET',
    path: '/runs/{runId}/logs',
    operationId: 'runLogs',
    summary: "A run's log lines, in the order they arrived",
    query: [{ name: 'nodeId', description: 'Only the lines of this node' }],
    responses: { 200: { description: 'The log chunks', schema: LogsSchema }, 404: { description: 'No run has this id, or the run has no node of this id' } },
    handle: ({ host }, { params, url }) => {
      const run = host.store.runs.get(params.runId);
      if (!run) throw new RestError(404, `no run "${params.runId}": it may belong to a deleted project`);
      const nodeId = url.searchParams.get('nodeId') ?? undefined;
      const logs = host.store.runs.logs(params.runId, nodeId);
      if (nodeId !== undefined && !logs.length) {
        // A misspelt node would read as a node that printed nothing.
        const known = new Set([...(run.doc?.nodes.map((n) => n.id) ?? []), ...host.store.runs.nodeRuns(params.runId).map((n) => n.nodeId)]);
        const inner = [...known].some((id) => nodeId.startsWith(`${id}/`));
        if (!known.has(nodeId) && !inner) {
          throw new RestError(404, `run "${params.runId}" has no node "${nodeId}" (its nodes: ${[...known].join(', ') || 'none'})`);
        }
      }
      return ok({ logs });
    },
  },
];

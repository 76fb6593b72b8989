import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ValidationError } from '../engine/errors';
import type { EngineEvent } from '../engine/events';
import type { PipelineTool } from './pipeline-tools';
import type { RunStarter } from './run-starter';
import { refusedResult, toolResult, type RunOutcome } from './run-result';
import { ArgumentError, runInputsFrom } from './tool-inputs';

export interface CallContext {
  /** Aborted when the caller cancels the request or the connection ends: the run is cancelled. */
  signal: AbortSignal;
  /** Present when the caller asked for progress. */
  progressToken?: string | number;
  sendNotification(notification: ServerNotification): Promise<void>;
  /** Every run in progress, so that closing the server can wait for them to end. */
  running: Set<Promise<unknown>>;
  start: RunStarter;
}

/** How often a node's own progress is passed on, at most: enough to show life, not a flood. */
const PROGRESS_EVERY_MS = 500;

/** Top-level node ids have no slash; a sub-pipeline's nodes are `outer/inner` and count in their outer node. */
const topLevel = (nodeId: string) => !nodeId.includes('/');

/**
 * Runs the pipeline of `entry` with the call's arguments and answers when the run ends. With a
 * progress token, one progress notification goes out per top-level node that finishes
 * (progress/total over the nodes the run queued), and, between those, the progress a running
 * node reports, as a fraction of its step. A bad argument or a pipeline that does not
 * validate is answered as a tool error naming it, with nothing run.
 */
export async function callPipeline(entry: PipelineTool, args: Record<string, unknown> | undefined, ctx: CallContext): Promise<CallToolResult> {
  const { doc } = entry;
  let inputs: Record<string, unknown>;
  try {
    inputs = runInputsFrom(args, entry.inputs, doc);
  } catch (err) {
    if (err instanceof ArgumentError) return refusedResult(`${entry.tool.name}: ${err.message}`);
    throw err;
  }
  if (ctx.signal.aborted) return refusedResult(`${entry.tool.name}: the call was cancelled before the run started`);

  let total = 0;
  let finished = 0;
  /** The last progress sent: MCP asks that each notification's progress be greater than the one before. */
  let sent = 0;
  let sentAt = 0;
  let outputs: Record<string, unknown> = {};
  let status: RunOutcome['status'] = 'failed';
  let runError: string | undefined;
  const failures: RunOutcome['failures'] = [];
  // Sent before the result: a client stops listening for a request's progress once it is answered.
  const notifying: Promise<unknown>[] = [];
  const notify = (progress: number, message: string) => {
    if (ctx.progressToken === undefined || progress <= sent) return;
    sent = progress;
    sentAt = Date.now();
    const params = { progressToken: ctx.progressToken, progress, total: Math.max(total, finished, Math.ceil(progress)), message };
    // A client that went away misses a notification; the run goes on to its end regardless.
    notifying.push(ctx.sendNotification({ method: 'notifications/progress', params }).catch(() => undefined));
  };
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'node-queued' && topLevel(event.nodeId)) total++;
    else if (event.type === 'node-progress' && topLevel(event.nodeId) && event.progress.total) {
      // A long step that reports how far it got (a build's steps, a download, tests passing)
      // moves the call's progress between node ends, so the client sees the call is alive.
      if (Date.now() - sentAt < PROGRESS_EVERY_MS) return;
      const { done, total: of, label } = event.progress;
      const part = Math.min(Math.max(done / of, 0), 0.99);
      notify(finished + part, `${event.nodeId}: ${label ? `${label} ` : ''}(${done}/${of})`);
    } else if (event.type === 'node-finished') {
      if (event.status === 'failed') failures.push({ nodeId: event.nodeId, kind: event.kind, error: event.error ?? 'failed' });
      if (topLevel(event.nodeId)) {
        finished++;
        notify(finished, `${event.nodeId}: ${event.status}`);
      }
    } else if (event.type === 'run-finished') {
      outputs = event.outputs;
      status = event.status;
      runError = event.error;
    }
  };

  const startedAt = Date.now();
  let started;
  try {
    started = ctx.start({ doc, projectId: entry.projectId, inputs }, onEvent);
  } catch (err) {
    if (err instanceof ValidationError) return refusedResult(`${entry.tool.name}: "${doc.name}" ${err.message.replace(/^the pipeline /, '')}`);
    throw err;
  }
  const { runId, done } = started;
  const cancel = () => started.cancel('the MCP client cancelled the call');
  ctx.signal.addEventListener('abort', cancel, { once: true });
  ctx.running.add(done);
  try {
    await done;
    await Promise.all(notifying);
    return toolResult({
      runId,
      pipelineId: doc.id,
      pipelineName: doc.name,
      status,
      outputs,
      failures,
      ...(runError ? { error: runError } : {}),
      durationMs: Date.now() - startedAt,
    });
  } finally {
    ctx.signal.removeEventListener('abort', cancel);
    ctx.running.delete(done);
  }
}

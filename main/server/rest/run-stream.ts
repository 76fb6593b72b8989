import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunManager } from '../../api';
import type { EngineEvent } from '../../engine/events';
import type { Host } from '../../host';
import { RestError } from './http';
import { storedEvents } from './run-replay';

/** A client that falls this far behind is cut off rather than held in memory without end. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Comments that keep idle proxies and clients from closing a quiet stream. */
const KEEP_ALIVE_MS = 15_000;

/**
 * The id of the run-finished event. A client that follows SSE (a browser's EventSource, most
 * libraries) reconnects whenever a stream ends, sending the last id it saw; with this one it
 * gets 204 No Content, which tells it to stop, instead of the whole run again, over and over.
 */
export const FINISHED_ID = 'run-finished';

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-accel-buffering': 'no',
};

/**
 * Streams a run's events as Server-Sent Events: one `data:` line of JSON per engine event, from
 * the start of the run (replayed from the store), then live, ending after `run-finished`. A run
 * that already finished replays and ends; one running in another process replays what it stored
 * so far and ends with a comment saying so.
 */
export function streamRunEvents(host: Host, runs: RunManager, runId: string, req: IncomingMessage, res: ServerResponse): void {
  // Reading the store (each read flushes what the recorder queued) and subscribing happen in the
  // same tick, so every event is either in the replay or arrives live — never both, never neither.
  const run = host.store.runs.get(runId);
  if (!run) throw new RestError(404, `no run "${runId}": it may belong to a deleted project`);
  if (req.method === 'HEAD') {
    // A HEAD has no body to stream: it learns that the stream is there, without holding it open.
    res.writeHead(200, STREAM_HEADERS).end();
    return;
  }
  if (req.headers['last-event-id'] === FINISHED_ID) {
    // An EventSource reconnects whenever a stream ends; this one has seen the end already.
    res.writeHead(204).end();
    return;
  }
  const replay = storedEvents(run, host.store.runs.nodeRuns(runId), host.store.runs.logs(runId));
  const live = run.status === 'running' && runs.isActive(runId);
  let finished = false;
  let unsubscribe = () => {};

  const stop = () => {
    clearInterval(keepAlive);
    unsubscribe();
  };
  const write = (text: string): void => {
    if (finished || res.destroyed) return;
    res.write(text);
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      console.error(`pipewright: an event stream of run ${runId} fell ${MAX_BUFFERED_BYTES} bytes behind and was closed`);
      finished = true;
      stop();
      res.destroy();
    }
  };
  const send = (event: EngineEvent): void => {
    write(`${event.type === 'run-finished' ? `id: ${FINISHED_ID}\n` : ''}data: ${JSON.stringify(event)}\n\n`);
    if (event.type === 'run-finished' && !finished) {
      finished = true;
      stop();
      res.end();
    }
  };

  if (live) {
    unsubscribe = runs.subscribe((event) => {
      if (event.runId === runId) send(event);
    });
  }
  res.writeHead(200, STREAM_HEADERS);
  res.flushHeaders();
  const keepAlive = setInterval(() => write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  keepAlive.unref();
  req.socket.setTimeout(0);
  res.on('close', stop);

  for (const event of replay) send(event);
  if (!finished && !live) {
    write(`: run ${runId} is not running in this server (status ${run.status}); its events cannot be followed live here\n\n`);
    finished = true;
    stop();
    res.end();
  }
}

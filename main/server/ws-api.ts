import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  WS_PATH,
  WsClientMessageSchema,
  contract,
  type CallHandlers,
  type EventName,
  type EventPayload,
  type WsServerMessage,
} from '../../preload/contract';
import { dispatchCall, failure } from '../api/dispatch';
import { refusal, type AccessPolicy, type Refusal } from './access';

/** A message larger than this is not a UI call (templates are capped at 20 MiB in the contract). */
const MAX_MESSAGE_BYTES = 24 * 1024 * 1024;

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' };

export interface WsApi {
  /** Sends an event to every connected client, after checking it against the contract. */
  broadcast<N extends EventName>(name: N, payload: EventPayload<N>): void;
  clients(): number;
  close(): void;
}

/**
 * Serves the contract over a WebSocket at `/api` on `server`. An upgrade is accepted only with
 * the token cookie, from the server's own origin and host; every message must be a `call` the
 * contract declares with an input its schema accepts (dispatchCall checks both).
 */
export function attachWsApi(server: Server, policy: () => AccessPolicy, handlers: CallHandlers): WsApi {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A socket that errors after we stopped caring (reset, half-written frame) must not throw.
    socket.on('error', () => socket.destroy());
    try {
      const target = req.url ?? '';
      const path = target.startsWith('/') && URL.canParse(target, 'http://x') ? new URL(target, 'http://x').pathname : undefined;
      const refused =
        path === undefined
          ? { status: 400, text: 'bad request: the request target is not a path on this server' }
          : path === WS_PATH
            ? refusal(req, policy(), { needOrigin: true })
            : { status: 404, text: 'no WebSocket here' };
      if (refused) return refuseUpgrade(socket, refused);
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch (err) {
      console.error(`pipewright: WebSocket upgrade failed: ${err instanceof Error ? err.message : String(err)}`);
      refuseUpgrade(socket, { status: 400, text: 'bad request' });
    }
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      answer(ws, isBinary ? undefined : data.toString()).catch((err: unknown) => {
        // An answer that cannot be sent (a result that is not JSON, a closed socket) fails this call only.
        console.error(`pipewright: could not answer a WebSocket message: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
    ws.on('error', () => ws.terminate());
  });

  async function answer(ws: WebSocket, text: string | undefined): Promise<void> {
    if (text === undefined) {
      return send(ws, { type: 'error', message: 'a binary message is not a call: send each call as JSON text, {"type":"call","id":N,"name":…,"input":…}' });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return send(ws, { type: 'error', message: 'a message must be JSON text: {"type":"call","id":N,"name":…,"input":…}' });
    }
    const message = WsClientMessageSchema.safeParse(raw);
    if (!message.success) {
      return send(ws, {
        type: 'error',
        message: `refused a message that is not a call: ${message.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ')}`,
      });
    }
    const { id, name, input } = message.data;
    const result = await dispatchCall(handlers, name, input, (call, err) => {
      console.error(`pipewright: call ${call} failed:`, err instanceof Error ? err.message : err);
    });
    try {
      send(ws, { type: 'result', id, result });
    } catch (err) {
      // An answer JSON cannot write (too deep, a BigInt) must still answer, or the caller waits forever.
      const why = err instanceof Error ? err.message : String(err);
      send(ws, { type: 'result', id, result: failure('failed', `${name}: the answer could not be sent (${why}); this is a bug in main, please report it`) });
    }
  }

  function refuseUpgrade(socket: Duplex, refused: Refusal): void {
    if (!socket.writable) return void socket.destroy();
    socket.end(
      `HTTP/1.1 ${refused.status} ${STATUS_TEXT[refused.status] ?? 'Refused'}\r\n` +
        `Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${refused.text}\n`,
    );
  }

  function send(ws: WebSocket, message: WsServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }

  return {
    broadcast(name, payload) {
      const schema = contract.events[name] as { parse(v: unknown): unknown };
      const text = JSON.stringify({ type: 'event', name, payload: schema.parse(payload) } satisfies WsServerMessage);
      for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    clients: () => wss.clients.size,
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

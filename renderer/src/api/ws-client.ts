import {
  contract,
  isEventName,
  type CallName,
  type CallResult,
  type EventName,
  type PipewrightApi,
  type WsServerMessage,
} from '../../../preload/contract';

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Pending {
  name: CallName;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/**
 * The contract over the WebSocket `pipewright serve` offers at /api. The token cookie the page
 * was served with authenticates the upgrade. Calls made while (re)connecting wait for the
 * socket; calls in flight when it drops fail with a message saying so, and it reconnects.
 */
export function createWsClient(url: string, onState: (state: ConnectionState) => void = () => {}): PipewrightApi {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const pending = new Map<number, Pending>();
  let queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let retry = 0;

  const connect = () => {
    onState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      onState('open');
      for (const text of queue) ws.send(text);
      queue = [];
    };
    ws.onmessage = (msg) => receive(String(msg.data));
    ws.onclose = () => {
      socket = undefined;
      onState('closed');
      for (const [id, p] of pending) {
        p.reject(new Error(`${p.name}: the connection to Pipewright was lost before it answered; try again`));
        pending.delete(id);
      }
      // Back off up to 5 s: the server may be restarting.
      setTimeout(connect, Math.min(5000, 250 * 2 ** retry++));
    };
  };

  const receive = (text: string) => {
    let message: WsServerMessage;
    try {
      message = JSON.parse(text) as WsServerMessage;
    } catch {
      console.error('pipewright: the server sent a message that is not JSON');
      return;
    }
    if (message.type === 'result') {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      settle(p, message.result);
    } else if (message.type === 'event') {
      if (!isEventName(message.name)) return;
      // Events are checked on arrival like calls are in main: a UI acts only on what the contract says.
      const parsed = contract.events[message.name].safeParse(message.payload);
      if (!parsed.success) {
        console.error(`pipewright: event ${message.name} does not match the contract`, parsed.error.issues);
        return;
      }
      for (const listener of listeners.get(message.name) ?? []) listener(parsed.data);
    } else if (message.type === 'error') {
      console.error(`pipewright: the server refused a message: ${message.message}`);
    }
  };

  const settle = (p: Pending, result: CallResult) => {
    if (result.ok) p.resolve(result.value);
    else p.reject(new Error(result.error.message));
  };

  connect();

  return {
    call(name, input) {
      const id = nextId++;
      const text = JSON.stringify({ type: 'call', id, name, input });
      return new Promise((resolve, reject) => {
        pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject });
        if (socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}

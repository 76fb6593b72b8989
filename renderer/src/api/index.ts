import type { CallInput, CallName, CallOutput, EventName, EventPayload, PipewrightApi } from '../../../preload/contract';
import { WS_PATH } from '../../../preload/contract';
import { createWsClient, type ConnectionState } from './ws-client';
import { errorMessage } from './human-error';

// The only module that touches window.pipewright or the WebSocket. Everything else imports
// `call` and `onEvent` from here and does not know which transport carries them.

declare global {
  interface Window {
    pipewright?: PipewrightApi;
  }
}

type StateListener = (state: ConnectionState) => void;
const stateListeners = new Set<StateListener>();
let connection: ConnectionState = 'connecting';

function pickTransport(): PipewrightApi {
  // Electron's preload exposes the contract over IPC; a browser gets it from pipewright serve.
  if (window.pipewright) {
    connection = 'open';
    return window.pipewright;
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsClient(`${scheme}//${location.host}${WS_PATH}`, (state) => {
    connection = state;
    for (const l of stateListeners) l(state);
  });
}

let transport: PipewrightApi | undefined;
function api(): PipewrightApi {
  transport ??= pickTransport();
  return transport;
}

export function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  // Main's errors name the call for its logs; whatever shows them here gets the plain words.
  return api()
    .call(name, input)
    .catch((err: unknown) => {
      throw new Error(errorMessage(err), { cause: err });
    });
}

export function onEvent<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void {
  return api().on(name, listener);
}

export function connectionState(): ConnectionState {
  return connection;
}

export function onConnectionState(listener: StateListener): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

export type { ConnectionState };

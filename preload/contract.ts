import { z } from 'zod';

/**
 * THE API between the UI and main. Each call is declared once, by name, with the schema of what
 * the caller sends and of what main answers; each event with the schema of its payload. The IPC
 * binding (main/electron/ipc.ts), the preload bridge (preload/index.ts) and the HTTP/WebSocket
 * server are all driven by this object, so they cannot drift apart.
 *
 * Names are `area.verb` (`app.info`, `pipeline.save`). Adding a call: add it here, then a
 * handler in main; TypeScript points at every place that must follow.
 */
export const contract = {
  calls: {
    'app.info': {
      input: z.object({}),
      output: z.object({
        version: z.string(),
        nodeKinds: z.array(z.string()),
      }),
    },
  },
  events: {},
} as const satisfies ContractShape;

interface ContractShape {
  calls: Record<string, { input: z.ZodType; output: z.ZodType }>;
  events: Record<string, z.ZodType>;
}

type Calls = (typeof contract)['calls'];
type Events = (typeof contract)['events'];

export type CallName = keyof Calls & string;
export type EventName = keyof Events & string;

/** What a caller passes (before defaults are applied). */
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
/** What a handler receives: the input after its schema has parsed it. */
export type ParsedCallInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;
export type EventPayload<N extends EventName> = z.output<Events[N]>;

/** Main's side of every call; one object so a missing handler is a type error. */
export type CallHandlers = {
  [N in CallName]: (input: ParsedCallInput<N>) => CallOutput<N> | Promise<CallOutput<N>>;
};

/** What the renderer sees as `window.pipewright` (and what the WebSocket client mirrors). */
export interface PipewrightApi {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<N extends EventName>(name: N, listener: (payload: EventPayload<N>) => void): () => void;
}

export type CallErrorCode = 'unknown-call' | 'invalid-input' | 'invalid-output' | 'refused' | 'failed';

/**
 * How an answer travels. Errors go as data rather than thrown across the transport, so the
 * message arrives as written (Electron would wrap it in "Error invoking remote method …").
 */
export type CallResult<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: CallErrorCode; message: string } };

/** Every channel name starts with this, so main can refuse anything else. */
export const CHANNEL_PREFIX = 'pipewright:';

export function callChannel(name: CallName): string {
  return `${CHANNEL_PREFIX}call:${name}`;
}

export function eventChannel(name: EventName): string {
  return `${CHANNEL_PREFIX}event:${name}`;
}

export const callNames = Object.keys(contract.calls) as CallName[];
export const eventNames = Object.keys(contract.events) as EventName[];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract.calls, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(contract.events, name);
}

import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  callChannel,
  callNames,
  contract,
  eventChannel,
  type CallHandlers,
  type EventName,
  type EventPayload,
} from '../../preload/contract';
import type { AppUrl } from './app-url';
import { dispatchCall, failure } from '../api/dispatch';

/**
 * Binds every call of the contract to `ipcMain.handle` on `pipewright:call:<name>`. A message is
 * answered only when it comes from a frame showing the app's own page; its payload is parsed
 * with the call's schema before the handler runs. Returns a function that unbinds them all.
 */
export function bindIpc(handlers: CallHandlers, app: AppUrl): () => void {
  for (const name of callNames) {
    ipcMain.handle(callChannel(name), async (event: IpcMainInvokeEvent, input: unknown) => {
      const refusal = senderRefusal(event, app);
      if (refusal) {
        console.warn(`pipewright: refused IPC call ${name}: ${refusal}`);
        return failure('refused', `${name}: refused — ${refusal}`);
      }
      return dispatchCall(handlers, name, input, (callName, err) => {
        console.error(`pipewright: call ${callName} failed`, err);
      });
    });
  }
  return () => {
    for (const name of callNames) ipcMain.removeHandler(callChannel(name));
  };
}

function senderRefusal(event: IpcMainInvokeEvent, app: AppUrl): string | undefined {
  const frame = event.senderFrame;
  // A frame that navigated away or was destroyed while the message was in flight is null.
  if (!frame) return 'the sending frame is gone';
  if (!app.isOwn(frame.url)) return `the sender (${frame.url || 'a blank frame'}) is not the app's own page`;
  return undefined;
}

/** Sends an event to a window after checking its payload against the contract. */
export function sendEvent<N extends EventName>(target: WebContents, name: N, payload: EventPayload<N>): void {
  if (target.isDestroyed()) return;
  const schema = (contract.events as Record<string, { parse(value: unknown): unknown }>)[name];
  target.send(eventChannel(name), schema.parse(payload));
}

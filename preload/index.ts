import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  callChannel,
  eventChannel,
  isCallName,
  isEventName,
  type CallResult,
  type PipewrightApi,
} from './contract';

// The renderer gets these two functions and nothing else: no ipcRenderer, no raw channels,
// only names the contract declares.
const api: PipewrightApi = {
  async call(name, input) {
    if (!isCallName(name)) {
      throw new Error(`pipewright.call: "${String(name)}" is not declared in preload/contract.ts`);
    }
    const result = (await ipcRenderer.invoke(callChannel(name), input)) as CallResult;
    // Only the message crosses the context bridge, so it carries the whole explanation.
    if (!result.ok) throw new Error(result.error.message);
    return result.value as never;
  },
  on(name, listener) {
    if (!isEventName(name)) {
      throw new Error(`pipewright.on: "${String(name)}" is not an event declared in preload/contract.ts`);
    }
    const channel = eventChannel(name);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('pipewright', api);

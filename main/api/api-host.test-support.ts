import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { CallInput, CallName, EngineEventInfo } from '../../preload/contract';
import { openHost, type Host } from '../host';
import { dispatchCall } from './dispatch';
import { createApi, type Api } from './index';

export interface ApiHost {
  /** The data folder of the current test. */
  home: string;
  host: Host;
  api: Api;
  /** Every run event the API sent to the editor, in order; empty it to watch the next run. */
  events: EngineEventInfo[];
  /** Calls through the same door the transports use, so inputs are parsed by the contract. */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<any>;
}

/**
 * The API over a real host for each test: SQLite in a temporary folder (named from `prefix`),
 * real ptys, the run events the editor would get. Fields fill in as the hooks run.
 */
export function useApiHost(prefix: string): ApiHost {
  const session = {
    events: [] as EngineEventInfo[],
    async call(name, input) {
      const result = await dispatchCall(session.api.handlers, name, input);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    },
  } as ApiHost;
  beforeEach(() => {
    session.home = mkdtempSync(join(tmpdir(), prefix));
    session.host = openHost({ home: session.home });
    session.events = [];
    session.api = createApi({
      host: session.host,
      emit: (name, payload) => {
        if (name === 'run.event') session.events.push(payload as EngineEventInfo);
      },
    });
  });
  afterEach(async () => {
    await session.api.close();
    session.host.close();
    rmSync(session.home, { recursive: true, force: true });
  });
  return session;
}

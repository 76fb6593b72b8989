import { useState } from 'react';
import type { ConnectionTest } from '../../../preload/contract';
import { CheckIcon, ErrorIcon } from '../ui/icons';

export type TestState = ConnectionTest | 'testing' | undefined;

/** Runs a Test button's request and keeps what it found, by key (one per card). */
export function useConnectionTests(): [Record<string, TestState>, (key: string, request: () => Promise<ConnectionTest>) => void, (key: string) => void] {
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const run = (key: string, request: () => Promise<ConnectionTest>) => {
    setTests((t) => ({ ...t, [key]: 'testing' }));
    request().then(
      (result) => setTests((t) => ({ ...t, [key]: result })),
      (err: Error) => setTests((t) => ({ ...t, [key]: { ok: false, reason: err.message } })),
    );
  };
  const clear = (key: string) => setTests((t) => ({ ...t, [key]: undefined }));
  return [tests, run, clear];
}

/** What a Test button found, in one line: ok with the latency, or the error in plain words. */
export function ConnectionTestResult({ state, testId }: { state: TestState; testId?: string }) {
  if (!state) return null;
  if (state === 'testing') {
    return (
      <div className="conn-test faint" role="status" data-testid={testId}>
        Testing…
      </div>
    );
  }
  return (
    <div className={`conn-test ${state.ok ? 'ok' : 'failed'}`} role="status" data-testid={testId} data-ok={state.ok}>
      {state.ok ? <CheckIcon size={12} aria-hidden="true" /> : <ErrorIcon size={12} aria-hidden="true" />} {state.ok ? `OK: ${state.summary}` : state.reason}
    </div>
  );
}

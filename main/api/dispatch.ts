import {
  contract,
  isCallName,
  type CallErrorCode,
  type CallHandlers,
  type CallName,
  type CallResult,
} from '../../preload/contract';

/**
 * Runs one call from the UI: the name must be declared in the contract, the input must parse
 * with the call's schema before the handler sees it, and the handler's answer must parse with
 * the output schema before it leaves. Transport-neutral (no Electron), so the WebSocket server
 * can reuse it.
 */
export async function dispatchCall(
  handlers: CallHandlers,
  name: string,
  rawInput: unknown,
  onHandlerError: (name: CallName, err: unknown) => void = () => {},
): Promise<CallResult> {
  if (!isCallName(name)) {
    return failure(
      'unknown-call',
      `"${name}" is not a call declared in preload/contract.ts; the UI and main are from different builds — rebuild and restart`,
    );
  }
  const spec = contract.calls[name];
  const input = spec.input.safeParse(rawInput);
  if (!input.success) {
    return failure('invalid-input', `${name}: the request does not match the contract: ${issuesOf(input.error)}`);
  }
  let value: unknown;
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    value = await handler(input.data);
  } catch (err) {
    onHandlerError(name, err);
    return failure('failed', `${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const output = spec.output.safeParse(value);
  if (!output.success) {
    const message = `${name}: main answered with data that does not match the contract (${issuesOf(output.error)}); this is a bug in main, please report it`;
    onHandlerError(name, new Error(message));
    return failure('invalid-output', message);
  }
  return { ok: true, value: output.data };
}

export function failure(code: CallErrorCode, message: string): CallResult<never> {
  return { ok: false, error: { code, message } };
}

function issuesOf(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(input)'}: ${i.message}`)
    .join('; ');
}

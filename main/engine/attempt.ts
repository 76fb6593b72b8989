import { PORT_VALUE_SCHEMAS, type PortSpec } from '../../nodes/sdk';
import type { ContextHost } from './context';
import { NodeContext } from './context';
import { errorText } from './errors';
import { fingerprintOutputs } from './fingerprint';
import type { CompiledNode } from './graph';
import { ABANDONED, settleOrAbandon } from './stop-grace';

export type AttemptResult =
  | { ok: true; outputs: Record<string, unknown>; fingerprints: Record<string, string> }
  /** `abandoned`: the runtime did not stop in time and may still be running; never retried. */
  | { ok: false; cancelled: boolean; error: string; abandoned?: boolean };

const NO_FINGERPRINTS: Record<string, string> = Object.freeze({});

type AttemptFailure = Extract<AttemptResult, { ok: false }>;

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Why a runtime's return value does not fit the node's output ports, or undefined when it does. */
export function outputProblem(ports: readonly PortSpec[], outputs: unknown): string | undefined {
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) {
    return `the runtime returned ${preview(outputs)} instead of an object of outputs by port name`;
  }
  for (const port of ports) {
    if (port.type === 'any' || port.type === 'json') continue;
    const value = (outputs as Record<string, unknown>)[port.name];
    const checked = PORT_VALUE_SCHEMAS[port.type].safeParse(value);
    if (checked.success) continue;
    const issue = checked.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
    return value === undefined
      ? `output "${port.name}" (${port.type}) is missing from what the runtime returned`
      : `output "${port.name}" is not a valid ${port.type} value${where}: ${issue.message} (got ${preview(value)})`;
  }
  return undefined;
}

/** How a thrown error (or an abort) ends the attempt. */
function failure(err: unknown, runSignal: AbortSignal, timeout: AbortSignal | undefined, timeoutMs?: number): AttemptFailure {
  if (runSignal.aborted) return { ok: false, cancelled: true, error: 'cancelled' };
  if (timeout?.aborted) {
    return { ok: false, cancelled: false, error: `timed out after ${timeoutMs} ms; raise timeoutMs if it needs longer` };
  }
  return { ok: false, cancelled: false, error: errorText(err) };
}

function timeoutError(ms: number): Error {
  return new Error(`timed out after ${ms} ms`);
}

/**
 * One try of one node: runs the runtime under the run's signal (and the node's timeout),
 * checks the outputs against the port types and fingerprints them. Never throws.
 * A timeout waits for the runtime to settle, like a cancel, so nothing it started lingers, but
 * only for `graceMs`: then the node ends without it, and the log says so.
 */
export async function runAttempt(
  host: ContextHost,
  runSignal: AbortSignal,
  node: CompiledNode,
  nodeId: string,
  inputs: Record<string, unknown>,
  graceMs: number,
  /** False when nothing will read the fingerprints: no cache, no listener, no resume. */
  fingerprint = true,
): Promise<AttemptResult> {
  const timeoutMs = node.inst.settings?.timeoutMs;
  let signal = runSignal;
  let timer: NodeJS.Timeout | undefined;
  let timeout: AbortController | undefined;
  // Only nodes with a timeout pay for a timer and a combined signal.
  if (timeoutMs !== undefined) {
    const ctl = (timeout = new AbortController());
    timer = setTimeout(() => ctl.abort(timeoutError(timeoutMs)), timeoutMs);
    signal = AbortSignal.any([runSignal, ctl.signal]);
  }
  try {
    const ctx = new NodeContext(host, node.index, nodeId, signal);
    const running = node.runtime.run({ inputs, params: node.params, ctx });
    // A sub-pipeline ends when its own nodes have, each of them held to the grace period.
    const outputs = node.def.role === 'subpipeline' ? await running : await settleOrAbandon(running, signal, graceMs);
    if (outputs === ABANDONED) {
      ctx.retire();
      const ended = failure(signal.reason, runSignal, timeout?.signal, timeoutMs);
      const why = ended.cancelled ? 'cancelled' : 'timed out';
      host.log(nodeId, `did not stop within ${graceMs} ms of being ${why}; the run went on without it, and anything it still does is ignored\n`, 'info');
      return { ...ended, abandoned: true };
    }
    if (signal.aborted) return failure(signal.reason, runSignal, timeout?.signal, timeoutMs);
    const problem = outputProblem(node.ports.outputs, outputs);
    if (problem) return { ok: false, cancelled: false, error: problem };
    if (!fingerprint) return { ok: true, outputs, fingerprints: NO_FINGERPRINTS };
    const fps = fingerprintOutputs(node.ports.outputs, outputs);
    const fingerprints = fps instanceof Promise ? await fps : fps;
    return { ok: true, outputs, fingerprints };
  } catch (err) {
    return failure(err, runSignal, timeout?.signal, timeoutMs);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

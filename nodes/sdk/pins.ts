import type { AnyDefinition, ResolvedPorts } from './define-node';

/** How a known secret value reads once taken out of events and outputs (see the store's redaction). */
const SECRET_MARK = '[secret ';

function holdsSecret(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(SECRET_MARK);
  if (depth > 20 || typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((v) => holdsSecret(v, depth + 1));
}

/**
 * Why a node's result cannot be pinned, in words for the person, or undefined when it can.
 * `outputs` is the result to pin (omit it to ask about the kind alone).
 *
 * What a pin means for outputs that name a place:
 * - a service (a running container) cannot be kept by a pin: nodes that start one are refused,
 *   and running them again reuses a healthy container with the same settings anyway;
 * - a workspace or repository names the node's own folder: the pin keeps the folder as it stands
 *   (later nodes that edit it in place still do), the node is not run, and the pin stays with
 *   the project: exports leave it out, since the folder is on this machine only.
 */
export function pinRefusal(def: AnyDefinition, ports: ResolvedPorts, outputs?: Record<string, unknown>): string | undefined {
  if (def.annotation) return 'a note on the canvas has no result to pin';
  if (def.role === 'pipeline-input') return 'its value is given to each run: enter it when the run starts instead';
  if (def.role === 'pipeline-output') return 'it hands a value out of the run: pin the node that makes the value instead';
  const service = ports.outputs.find((p) => p.type === 'service');
  if (def.service || service) {
    return `it starts a service${service ? ` (output "${service.name}")` : ''}, which a pin cannot keep running; run it again instead: a healthy container with the same settings is reused`;
  }
  if (!outputs) return undefined;
  const missing = ports.outputs.find((p) => !(p.name in outputs));
  if (missing) return `its result has no output "${missing.name}": run the node, then pin it`;
  if (holdsSecret(outputs)) return 'its outputs hold a secret value, which is never stored in a pipeline';
  return undefined;
}

/** Output ports whose values name a folder on this machine (kept out of exported pins). */
export function namesAPlace(type: string): boolean {
  return type === 'workspace' || type === 'repo' || type === 'service';
}

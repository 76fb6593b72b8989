import { z } from 'zod';

/**
 * What a param is, for whoever must know what a node will touch before it runs: the import
 * review lists every command, image, model download, endpoint, secret name, port and
 * unsandboxed step from these flags, and the inspector picks its editor from them (Monaco for a
 * command, the secret picker for a secret). Reading flags rather than param names keeps both
 * right for kinds added later.
 *
 * A flag sits on the param's schema as metadata, last in its chain:
 * `z.string().optional().describe('…').meta(flag({ role: 'command' }))`.
 */
export type ParamRole =
  /** Shell text the node runs. */
  | 'command'
  /** An address the node talks to or pushes to. */
  | 'url'
  /** The name of a secret (never its value). */
  | 'secret'
  /** A Docker image the node runs. */
  | 'image'
  /** A model the node downloads (weights from Hugging Face, a pull from a model library). */
  | 'model-download'
  /** A port the node opens on this machine. */
  | 'port'
  /** Variables handed to what the node runs: the review names them, never their values. */
  | 'environment'
  /** Code the node fetches and installs besides images and models (an editor's extensions). */
  | 'download'
  /** The name of a Docker engine in Settings (where the node's containers run). */
  | 'engine';

export interface ParamFlag {
  role?: ParamRole;
  /**
   * The node runs on this machine outside any sandbox because of this param: whenever it has a
   * value (a string saying how), or only for some values (value → how), such as a runtime
   * param's `local`.
   */
  unsandboxed?: string | Readonly<Record<string, string>>;
  /**
   * The node asks a model because of this param: whenever it has a value (true), or only for
   * some values (such as a mode's `agent`). With no endpoint wired in, the router must have one,
   * so the canvas warns before a run when none is configured.
   */
  needsModel?: true | readonly string[];
}

/** The metadata that puts `f` on a param: `.meta(flag({ role: 'secret' }))`. */
export function flag(f: ParamFlag): { pipewright: ParamFlag } {
  return { pipewright: f };
}

const cache = new WeakMap<z.ZodObject, Readonly<Record<string, ParamFlag>>>();

/** The flagged params of a kind, by key; read once per schema. */
export function paramFlags(def: { params: z.ZodObject }): Readonly<Record<string, ParamFlag>> {
  const hit = cache.get(def.params);
  if (hit) return hit;
  // The JSON Schema form carries each param's metadata whatever wraps it (optional, default).
  const schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { pipewright?: ParamFlag }>;
  };
  const flags: Record<string, ParamFlag> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (property.pipewright) flags[key] = property.pipewright;
  }
  cache.set(def.params, flags);
  return flags;
}

/** How `value` of a param flagged `f` makes its node run unsandboxed, or undefined when it does not. */
export function unsandboxedBy(f: ParamFlag, value: unknown): string | undefined {
  if (f.unsandboxed === undefined || value === undefined || value === null || value === '') return undefined;
  if (typeof f.unsandboxed === 'string') return f.unsandboxed;
  // A switch is keyed by `true`/`false`, an enum by its values.
  return typeof value === 'string' || typeof value === 'boolean' ? f.unsandboxed[String(value)] : undefined;
}

/** Whether `value` of a param flagged `f` makes its node ask a model. */
export function needsModelBy(f: ParamFlag, value: unknown): boolean {
  if (!f.needsModel || value === undefined || value === null || value === '' || value === false) return false;
  if (f.needsModel === true) return Array.isArray(value) ? value.length > 0 : true;
  return typeof value === 'string' && f.needsModel.includes(value);
}

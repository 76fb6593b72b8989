import { z } from 'zod';
import type { Pipeline } from './document';
import type { PortType } from './ports';
import { IMAGE_NAME, type ImageDecl } from './images';
import { genericKeyResult, type KeyResult } from './key-result';

export interface PortSpec {
  name: string;
  type: PortType;
  description?: string;
  /** An input that may stay unconnected; its value is then `undefined`. */
  optional?: boolean;
}

export interface ResolvedPorts {
  inputs: PortSpec[];
  outputs: PortSpec[];
}

/** What a definition may consult to compute its ports from its params. */
export interface PortEnv {
  /** Loads the pipeline a `ref` names (saved id or template path), or says why it cannot. */
  loadPipeline(ref: string): Pipeline;
}

/**
 * Special roles the engine understands generically; it never looks at kind strings.
 * - pipeline-input: its `value` output is the run input named by `params.name`.
 * - pipeline-output: its `value` input becomes the run output named by `params.name`.
 * - subpipeline: runs the pipeline named by `params.ref` (recursion is checked by the engine).
 */
export type NodeRole = 'pipeline-input' | 'pipeline-output' | 'subpipeline';

/**
 * Upgrades a node's params from the version it was written for to the next one. Keyed by that
 * older version: `{ 1: (p) => …params of version 2 }`. Each step gets what the previous returned.
 */
export type ParamsMigrations = Readonly<Record<number, (params: Record<string, unknown>) => Record<string, unknown>>>;

export interface NodeDefinition<P extends z.ZodObject = z.ZodObject> {
  /** Stable identifier; part of the template format, never renamed. */
  kind: string;
  /** Goes up when params change shape; cache keys include it, node instances record it. */
  version: number;
  /** Params of each older version to the next; the loader runs them on older documents. */
  migrations?: ParamsMigrations;
  title: string;
  category: string;
  description: string;
  /**
   * The name of an icon of the lucide set (https://lucide.dev/icons), e.g. `'git-branch'`: data,
   * drawn as SVG by the renderer (renderer/src/ui/icons.tsx), never an emoji, which shows as an
   * empty box where no emoji font is installed. A test fails for a name the renderer cannot draw.
   */
  icon: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  /**
   * The params schema of the kind alone (engine settings sit beside it); drives the inspector
   * form. A param that is a command, URL, secret name, image, model download, port or
   * environment, or that makes the node run unsandboxed, carries a flag:
   * `.meta(flag({ role: 'command' }))` last in its chain (param-flags.ts). The import review and
   * the inspector read the flags, never param names.
   */
  params: P;
  /** Ports that depend on params (a sub-pipeline's interface, a typed pipeline input). */
  resolvePorts?: (params: z.infer<P>, env: PortEnv) => ResolvedPorts;
  role?: NodeRole;
  /** Results are reused when kind, version, params and inputs are unchanged (default true). */
  cache: boolean;
  /** Starts something meant to outlive the run (listed in Services). */
  service: boolean;
  /**
   * A note on the canvas (a comment, a group), kept in the document so templates carry it: it
   * has no ports and no runtime, and the engine checks its params but never schedules it, so it
   * emits no events and is in no run summary.
   */
  annotation: boolean;
  /**
   * An annotation drawn behind other nodes that carries along what lies inside it when moved (a
   * group), rather than a note among them.
   */
  frame?: boolean;
  /** An annotation's size on the canvas when its params name none. */
  canvasSize?: { width: number; height: number };
  /** The param holding an annotation's words, edited in place on the canvas. */
  canvasText?: string;
  /**
   * The Docker images the kind runs. Settings (`images.<name>`), the PIPEWRIGHT_IMAGE_* variables
   * and the Settings dialog derive from these (see images.ts); the runtime asks
   * `ctx.docker.defaultImage(name)`.
   */
  images?: readonly ImageDecl[];
  /**
   * One line the canvas shows under the node's title (its command, its model…), or undefined.
   * Commands, URLs, secrets, images, model downloads, ports and unsandboxed steps are flagged on
   * the params themselves (see param-flags.ts), not declared here.
   */
  summary?: (params: z.infer<P>) => string | undefined;
  /**
   * The one line the canvas shows once the node has run (its URL, exit code, "8/8 tests", files,
   * tokens and cost), from its outputs; `keyResultOf` falls back to a generic one when absent.
   */
  keyResult?: (outputs: Record<string, unknown>) => KeyResult | undefined;
}

type DefinitionInput<P extends z.ZodObject> = Omit<
  NodeDefinition<P>,
  'cache' | 'service' | 'annotation' | 'params'
> & {
  params: P;
  cache?: boolean;
  service?: boolean;
  annotation?: boolean;
};

export type AnyDefinition = NodeDefinition<z.ZodObject>;

/** Declares a node kind: data only, importable by the renderer and main alike. */
export function defineNode<P extends z.ZodObject>(
  def: DefinitionInput<P>,
): NodeDefinition<P> {
  const names = new Set<string>();
  for (const p of [...def.inputs.map((i) => `in:${i.name}`), ...def.outputs.map((o) => `out:${o.name}`)]) {
    if (names.has(p)) throw new Error(`node kind "${def.kind}": port "${p}" declared twice`);
    names.add(p);
  }
  const annotation = def.annotation ?? false;
  if (annotation && (def.inputs.length || def.outputs.length)) {
    throw new Error(`node kind "${def.kind}": an annotation has no ports`);
  }
  for (const image of def.images ?? []) {
    if (!IMAGE_NAME.test(image.name)) {
      throw new Error(`node kind "${def.kind}": image name "${image.name}" must be letters and digits in camelCase, such as codeServer (it names the images.<name> setting)`);
    }
  }
  if (def.canvasText && !(def.canvasText in def.params.shape)) {
    throw new Error(`node kind "${def.kind}": canvasText names "${def.canvasText}", which is not one of its params`);
  }
  for (const from of Object.keys(def.migrations ?? {}).map(Number)) {
    if (!Number.isInteger(from) || from < 1 || from >= def.version) {
      throw new Error(`node kind "${def.kind}": a migration from version ${from} makes no sense at version ${def.version}`);
    }
  }
  return {
    ...def,
    cache: def.cache ?? true,
    service: def.service ?? false,
    annotation,
  } as never;
}

/** The node's key result: its kind's own, else one read from its outputs by port type. */
export function keyResultOf(def: AnyDefinition | undefined, outputs: Record<string, unknown>, ports: readonly PortSpec[]): KeyResult | undefined {
  try {
    return def?.keyResult ? def.keyResult(outputs) : genericKeyResult(outputs, ports);
  } catch {
    // Outputs of an older run may not have the shape the kind reads today.
    return genericKeyResult(outputs, ports);
  }
}

/** The ports of a node instance: static ones, or the ones its params resolve to. */
export function portsOf(def: AnyDefinition, params: unknown, env: PortEnv): ResolvedPorts {
  if (def.resolvePorts) return def.resolvePorts(params as never, env);
  return { inputs: def.inputs, outputs: def.outputs };
}

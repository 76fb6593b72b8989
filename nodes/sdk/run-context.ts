import type { z } from 'zod';
import type { Capabilities } from './capabilities';
import type { AnyDefinition } from './define-node';
import type { Pipeline } from './document';

export type LogStream = 'stdout' | 'stderr' | 'info';

export interface PtyRunOptions {
  /** Run through the platform shell (`sh -c` / `cmd /c`). */
  command: string;
  cwd: string;
  env?: Record<string, string>;
  /** Written to the process's standard input, then end-of-file. */
  input?: string;
  /** Aborting kills the whole process tree. */
  signal?: AbortSignal;
  onData?: (chunk: string) => void;
  cols?: number;
  rows?: number;
}

export interface PtyResult {
  exitCode: number;
  /** The signal that ended the process, when one did. */
  signal?: string;
  pid: number;
}

/** Runs commands under a pseudo-terminal; provided by main/adapters/pty. */
export interface PtyApi {
  run(options: PtyRunOptions): Promise<PtyResult>;
}

/**
 * One unit of work inside a node (an agent's task, a step of a long job) as the node reports it:
 * the run's events carry it, the store keeps it, the CLI prints it and the canvas shows it.
 * The latest report of an `id` is its state.
 */
export interface TaskProgress {
  id: string;
  title: string;
  /** Who does it, such as an agent's role. */
  owner?: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'stopped' | 'reused';
  /** One line: a summary when done, the reason when failed or stopped. */
  detail?: string;
}

/**
 * How far a long step has got, as a node knows it: a Docker build's step 3 of 7, a model
 * download's bytes, a code generator's round 2 of 4. The canvas draws it as a bar under the node
 * with its label; without `total` the bar is indeterminate. The latest report is the state.
 */
export interface NodeProgress {
  done: number;
  total?: number;
  /** A few words: `Step 3/7: RUN npm ci`, `round 2 of 4`. */
  label?: string;
}

/** Runs a sub-pipeline with inputs by name and returns its outputs by name. */
export type SubpipelineRunner = (
  doc: Pipeline,
  inputs: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

/**
 * Everything a node's runtime may touch. Runtimes import no adapter: main builds this object
 * from real adapters, and tests hand in real adapters pointed at temporary folders.
 * docker, git, llm, secrets and services come from Capabilities; one the host does not provide
 * throws a NodeError naming it when a runtime touches it.
 */
export interface RunContext extends Capabilities {
  runId: string;
  projectId: string;
  nodeId: string;
  /**
   * The node as the owner of places (services, folders): its id in the project's main pipeline,
   * `@<pipeline>/<id>` in another pipeline of the project, so two pipelines' nodes of one id
   * never replace each other's service. Absent: the node id.
   */
  placeId?: string;
  /** Streams a chunk of output into the node's log. */
  log(chunk: string, stream?: LogStream): void;
  /** Reports a task's state; hosts without task events leave it out. */
  task?(progress: TaskProgress): void;
  /** Reports how far the node's current step has got; hosts without progress events leave it out. */
  progress?(progress: NodeProgress): void;
  /** Aborted when the run is cancelled or the node times out. */
  signal: AbortSignal;
  /**
   * A folder owned by this node, created empty at each call (a fresh workspace).
   * `name` tells several folders of one node apart. With `keep`, what it holds is left as it is
   * (created when missing): state that must outlive runs, such as a server's settings.
   */
  workspace(name?: string, options?: { keep?: boolean }): Promise<string>;
  pty: PtyApi;
  /** The run's inputs by name (what pipeline-input nodes read). */
  pipelineInputs: Readonly<Record<string, unknown>>;
  /** Loads the pipeline a `ref` names. */
  loadPipeline(ref: string): Pipeline;
  /** Runs a sub-pipeline inside this run (nested node events, same cache). */
  runSubpipeline: SubpipelineRunner;
}

export interface RunArgs<P = Record<string, unknown>> {
  inputs: Record<string, unknown>;
  params: P;
  ctx: RunContext;
}

export interface NodeRuntime<P = Record<string, unknown>> {
  run(args: RunArgs<P>): Promise<Record<string, unknown>>;
}

/** A runtime that knows its definition, so nodes/runtimes.ts lists runtimes without kind strings. */
export interface PairedRuntime extends NodeRuntime {
  definition: AnyDefinition;
}

/** Pairs a runtime with its definition so params are typed from the schema. */
export function defineRuntime<D extends AnyDefinition>(
  definition: D,
  run: (args: RunArgs<z.infer<D['params']>>) => Promise<Record<string, unknown>>,
): PairedRuntime {
  return { definition, run: run as NodeRuntime['run'] };
}

/** A failure a node reports on purpose: its message is shown as is, without a stack. */
export class NodeError extends Error {
  constructor(
    message: string,
    /** Text to show under the message, such as the tail of a command's output. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'NodeError';
  }
}

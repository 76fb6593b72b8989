import { mkdir, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import {
  NodeError,
  type Capabilities,
  type CapabilityFactory,
  type DockerApi,
  type GitApi,
  type LlmApi,
  type LogStream,
  type Pipeline,
  type PtyApi,
  type RunContext,
  type SecretsApi,
  type TaskProgress,
  type NodeProgress,
  type ServicesApi,
  type PipewrightApi,
} from '../../nodes/sdk';

/** What a node's context borrows from the level of the run it belongs to. */
export interface ContextHost {
  readonly runId: string;
  readonly projectId: string;
  readonly pty: PtyApi;
  readonly capabilities?: CapabilityFactory;
  readonly workspaceRoot: string;
  readonly pipelineInputs: Readonly<Record<string, unknown>>;
  loadPipeline(ref: string): Pipeline;
  /** The node as the owner of places (placeId). */
  placeId(nodeId: string): string;
  log(nodeId: string, chunk: string, stream: LogStream): void;
  task(nodeId: string, progress: TaskProgress): void;
  progress(nodeId: string, progress: NodeProgress): void;
  subpipeline(
    index: number,
    nodeId: string,
    doc: Pipeline,
    inputs: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>>;
}

/** A report fit to show: finite numbers, done within 0..total, a short one-line label; undefined when it says nothing. */
export function progressReport(p: NodeProgress): NodeProgress | undefined {
  if (!Number.isFinite(p.done)) return undefined;
  const total = p.total !== undefined && Number.isFinite(p.total) && p.total > 0 ? p.total : undefined;
  const done = Math.max(0, total === undefined ? p.done : Math.min(p.done, total));
  const label = p.label?.split('\n')[0].trim().slice(0, 120);
  return { done, ...(total !== undefined ? { total } : {}), ...(label ? { label } : {}) };
}

/** One path segment that can neither climb out (`..`) nor carry a separator. */
function segment(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_.-]/g, '_');
  return s === '' || s === '.' || s === '..' ? `_${s}` : s;
}

/**
 * What goes before a node's id where it names a place (its folders, stored results, services):
 * nothing in the project's main pipeline (whose id is the project's), `@<pipeline>/` in another
 * pipeline of the project, so nodes of two pipelines that share an id never share a folder.
 * `@` cannot start a node id, so this never meets a sub-pipeline's `<outer>/<inner>`.
 */
export function placePrefix(projectId: string, pipelineId: string): string {
  return pipelineId === projectId ? '' : `@${pipelineId}/`;
}

/**
 * `<root>/<projectId>/<outer>/<inner>[-name]`: nested node ids become nested folders; a node
 * of another pipeline than the project's main one goes under `_<pipeline>/` (placePrefix).
 */
export function workspacePath(root: string, projectId: string, nodeId: string, name?: string): string {
  const parts = nodeId.split('/').map(segment);
  if (name !== undefined) parts[parts.length - 1] += `-${segment(name)}`;
  const base = resolve(root, segment(projectId));
  const path = join(base, ...parts);
  const rel = relative(base, path);
  if (!rel || isAbsolute(rel) || rel.split(sep)[0] === '..') {
    throw new Error(`node "${nodeId}": workspace name "${name ?? ''}" would leave the project folder`);
  }
  return path;
}

/**
 * The RunContext of one attempt of one node. A class rather than an object of closures: it is
 * made for every node started, and its methods are shared.
 */
export class NodeContext implements RunContext {
  constructor(
    private readonly host: ContextHost,
    private readonly index: number,
    readonly nodeId: string,
    readonly signal: AbortSignal,
  ) {}

  get runId(): string {
    return this.host.runId;
  }

  get projectId(): string {
    return this.host.projectId;
  }

  get placeId(): string {
    return this.host.placeId(this.nodeId);
  }

  get pty(): PtyApi {
    return this.host.pty;
  }

  get pipelineInputs(): Readonly<Record<string, unknown>> {
    return this.host.pipelineInputs;
  }

  private retired = false;

  /**
   * Ends what the context lends to a runtime the engine stopped waiting for: its node's result
   * is recorded, so a late log line or a fresh workspace could only mislead or destroy.
   */
  retire(): void {
    this.retired = true;
  }

  log(chunk: string, stream: LogStream = 'stdout'): void {
    if (!this.retired) this.host.log(this.nodeId, chunk, stream);
  }

  task(progress: TaskProgress): void {
    if (!this.retired) this.host.task(this.nodeId, progress);
  }

  /** What the last forwarded report showed: a download reporting every chunk sends one event per percent. */
  private shown?: string;

  progress(progress: NodeProgress): void {
    if (this.retired) return;
    const report = progressReport(progress);
    if (!report) return;
    const shown = `${report.total === undefined ? report.done : Math.floor((100 * report.done) / report.total)}\0${report.total ?? ''}\0${report.label ?? ''}`;
    if (shown === this.shown) return;
    this.shown = shown;
    this.host.progress(this.nodeId, report);
  }

  async workspace(name?: string, options?: { keep?: boolean }): Promise<string> {
    if (this.retired) throw new NodeError(`node "${this.nodeId}" was given up on after it did not stop in time`);
    const path = workspacePath(this.host.workspaceRoot, this.host.projectId, this.placeId, name);
    if (!options?.keep) await rm(path, { recursive: true, force: true });
    await mkdir(path, { recursive: true });
    return path;
  }

  loadPipeline(ref: string): Pipeline {
    return this.host.loadPipeline(ref);
  }

  private caps?: Partial<Capabilities>;

  /** Made on first use: most nodes touch no capability, and the engine's hot path stays lean. */
  private capability<K extends keyof Capabilities>(name: K): Capabilities[K] {
    this.caps ??= this.host.capabilities?.(this) ?? {};
    const found = this.caps[name];
    if (!found) throw new NodeError(`node "${this.nodeId}" needs ${name}, which this Pipewright host does not provide`);
    return found;
  }

  get docker(): DockerApi {
    return this.capability('docker');
  }
  get git(): GitApi {
    return this.capability('git');
  }
  get llm(): LlmApi {
    return this.capability('llm');
  }
  get secrets(): SecretsApi {
    return this.capability('secrets');
  }
  get services(): ServicesApi {
    return this.capability('services');
  }
  get pipewright(): PipewrightApi {
    return this.capability('pipewright');
  }

  runSubpipeline(doc: Pipeline, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.retired) return Promise.reject(new NodeError(`node "${this.nodeId}" was given up on after it did not stop in time`));
    return this.host.subpipeline(this.index, this.nodeId, doc, inputs, this.signal);
  }
}

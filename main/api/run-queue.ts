import { randomUUID } from 'node:crypto';
import type { Pipeline } from '../../nodes/sdk';
import type { CallHandlers, QueuedRunInfo, RunQueueInfo } from '../../preload/contract';
import { ValidationError } from '../engine/errors';
import type { RunScope } from '../engine/events';
import type { Host } from '../host';
import { runInputProblems } from '../run-inputs';
import type { RunManager } from './runs';

type Handlers = Pick<CallHandlers, 'runform.get' | 'runform.savePreset' | 'runform.deletePreset' | 'runs.enqueue' | 'queue.list' | 'queue.remove' | 'queue.moveUp'>;

interface QueuedRun extends QueuedRunInfo {
  doc: Pipeline;
  scope: RunScope;
  inputs: Record<string, unknown>;
}

const SUMMARY_MAX = 120;
/** Runs that may wait at once: each holds its whole document in memory, and any client can ask. */
export const QUEUE_MAX = 50;

/**
 * Runs asked for while another is going wait here and start in order, one at a time, as each
 * run ends. The queue lives in main, beside the runs, not in a window: a reload or a second
 * window shows the same queue, and a queued run starts even while no window is open. It is kept
 * in memory only: like a run in progress, what was queued does not outlive the process (a run
 * starting by itself at the next launch, hours later, would surprise more than it helps).
 */
export class RunQueue {
  private entries: QueuedRun[] = [];
  private problem: string | undefined;

  constructor(
    private readonly host: Host,
    private readonly runs: RunManager,
    private readonly changed: (queue: RunQueueInfo) => void,
  ) {
    runs.onSettled(() => this.next());
  }

  /** Starts the run now when nothing runs, else queues it; bad inputs or a pipeline that cannot run are refused either way. */
  enqueue(request: { projectId: string; doc: Pipeline; scope: RunScope; inputs: Record<string, unknown> }): { runId?: string; queued?: QueuedRunInfo } {
    const { doc, projectId, scope, inputs } = request;
    const problems = runInputProblems(doc, inputs);
    if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
    this.host.store.pipelines.save(doc, projectId);
    if (Object.keys(inputs).length) this.host.store.runInputs.remember(doc.id, inputs);
    if (this.runs.activeCount === 0 && this.entries.length === 0) return { runId: this.runs.start(request) };
    // Refused now rather than when its turn comes, when nobody may be looking.
    const issues = this.host.engine.prepare(doc).issues;
    if (issues.length) throw new ValidationError(issues);
    if (this.entries.length >= QUEUE_MAX) {
      throw new Error(`${QUEUE_MAX} runs are waiting already: wait for one to start, or remove one from the queue, then run again`);
    }
    const entry: QueuedRun = {
      id: randomUUID(),
      projectId,
      pipelineId: doc.id,
      pipelineName: doc.name,
      inputsSummary: this.summary(inputs),
      queuedAt: Date.now(),
      doc,
      scope,
      inputs,
    };
    this.entries.push(entry);
    this.publish();
    return { queued: info(entry) };
  }

  list(): RunQueueInfo {
    return { entries: this.entries.map(info) };
  }

  remove(id: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    if (this.entries.length === before) return false;
    this.publish();
    return true;
  }

  /** Moves an entry one place towards the front; the first stays first. */
  moveUp(id: string): RunQueueInfo {
    const at = this.entries.findIndex((e) => e.id === id);
    if (at < 0) throw new Error('that queued run has already started or was removed');
    if (at > 0) {
      const list = [...this.entries];
      [list[at - 1], list[at]] = [list[at], list[at - 1]];
      this.entries = list;
      this.publish();
    }
    return this.list();
  }

  /** Starts the first entry once nothing runs; one that cannot start is dropped and said why. */
  private next(): void {
    while (this.runs.activeCount === 0 && this.entries.length) {
      const [entry, ...rest] = this.entries;
      this.entries = rest;
      try {
        this.runs.start({ doc: entry.doc, projectId: entry.projectId, scope: entry.scope, inputs: entry.inputs });
      } catch (err) {
        this.problem = `the queued run of "${entry.pipelineName}" could not start: ${(err as Error).message}`;
      }
      this.publish();
    }
  }

  private publish(): void {
    const queue: RunQueueInfo = { ...this.list(), ...(this.problem ? { problem: this.problem } : {}) };
    this.problem = undefined;
    this.changed(queue);
  }

  private summary(inputs: Record<string, unknown>): string {
    const matcher = this.host.store.secrets.matcher();
    const text = Object.entries(inputs)
      .map(([name, value]) => `${name} = ${matcher.redact(typeof value === 'string' ? value : JSON.stringify(value))}`)
      .join(', ');
    return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text || 'no inputs';
  }

  handlers(): Handlers {
    const { runInputs } = this.host.store;
    return {
      'runform.get': ({ projectId, pipelineId }) => {
        const last = runInputs.last(pipelineId);
        return { ...(last ? { last } : {}), presets: runInputs.presets(projectId) };
      },
      'runform.savePreset': ({ projectId, name, inputs }) => runInputs.savePreset(projectId, name, inputs),
      'runform.deletePreset': ({ projectId, name }) => ({ deleted: runInputs.deletePresetNamed(projectId, name) }),
      'runs.enqueue': (request) => this.enqueue(request),
      'queue.list': () => this.list(),
      'queue.remove': ({ id }) => ({ removed: this.remove(id) }),
      'queue.moveUp': ({ id }) => this.moveUp(id),
    };
  }
}

function info({ id, projectId, pipelineId, pipelineName, inputsSummary, queuedAt }: QueuedRun): QueuedRunInfo {
  return { id, projectId, pipelineId, pipelineName, inputsSummary, queuedAt };
}

import type { EngineEvent } from '../engine/events';
import { taskLine } from '../engine/task-line';

const MARK: Record<string, string> = {
  succeeded: '✓',
  cached: '↺',
  failed: '✗',
  skipped: '–',
  cancelled: '■',
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

interface Out {
  write(text: string): void;
  isTTY?: boolean;
}

/**
 * Prints a run as it happens: a line when a node starts and when it ends (status, elapsed,
 * error), node output when `verbose`, and on a terminal a bottom line with the nodes still
 * running and their elapsed time, redrawn every quarter second.
 */
export class ProgressPrinter {
  private readonly running = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private ticker: NodeJS.Timeout | undefined;
  private statusShown = false;
  private startedAt = 0;

  constructor(
    private readonly out: Out,
    private readonly opts: { verbose?: boolean; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private print(line: string): void {
    this.clearStatus();
    this.out.write(`${line}\n`);
    this.drawStatus();
  }

  private clearStatus(): void {
    if (this.statusShown) this.out.write('\r\x1b[2K');
    this.statusShown = false;
  }

  private drawStatus(): void {
    if (!this.out.isTTY || this.running.size === 0) return;
    const now = this.now();
    const parts = [...this.running].map(([id, t]) => `${id} ${formatDuration(now - t)}`);
    const text = `  running: ${parts.join(', ')}`;
    this.out.write(text.length > 160 ? `${text.slice(0, 157)}...` : text);
    this.statusShown = true;
  }

  handle = (event: EngineEvent): void => {
    switch (event.type) {
      case 'run-started':
        this.startedAt = event.at;
        this.print(`${event.resumed ? 'resuming' : 'running'} ${event.pipelineId} (run ${event.runId})`);
        if (this.out.isTTY && !this.ticker) {
          this.ticker = setInterval(() => {
            this.clearStatus();
            this.drawStatus();
          }, 250);
          this.ticker.unref();
        }
        break;
      case 'node-started':
        this.running.set(event.nodeId, event.at);
        this.print(`  … ${event.nodeId} (${event.kind}) started${event.attempt > 1 ? `, attempt ${event.attempt}` : ''}`);
        break;
      case 'node-log':
        if (this.opts.verbose) {
          for (const line of event.chunk.replace(/\r\n/g, '\n').split('\n')) {
            if (line) this.print(`    ${event.nodeId} │ ${line}`);
          }
        }
        break;
      case 'node-task':
        // Queued is every task at once when a plan is made; the start of each says more.
        if (event.task.status !== 'queued') this.print(`    ${event.nodeId} ${taskLine(event.task)}`);
        break;
      case 'node-finished': {
        this.running.delete(event.nodeId);
        this.counts.set(event.status, (this.counts.get(event.status) ?? 0) + 1);
        const took = event.status === 'succeeded' || event.status === 'failed' ? `  ${formatDuration(event.durationMs)}` : '';
        const [first, ...rest] = (event.error ?? '').split('\n');
        this.print(`  ${MARK[event.status] ?? '?'} ${event.nodeId} (${event.kind}) ${event.status}${took}${first ? ` — ${first}` : ''}`);
        for (const line of rest.slice(-40)) this.print(`      ${line}`);
        break;
      }
      case 'run-finished': {
        if (this.ticker) clearInterval(this.ticker);
        this.running.clear();
        const tally = [...this.counts].map(([s, n]) => `${n} ${s}`).join(', ');
        this.print(
          `${MARK[event.status] ?? ''} ${event.status} in ${formatDuration(event.at - this.startedAt)}${tally ? ` — ${tally}` : ''}`,
        );
        if (event.error) this.print(event.error);
        break;
      }
    }
  };

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.clearStatus();
  }
}

import type { TaskProgress } from '../../nodes/sdk';

const MARK: Record<TaskProgress['status'], string> = { queued: '·', running: '…', done: '✓', failed: '✗', stopped: '■', reused: '↺' };

/** One line for a task's state, as the CLI prints it and the log keeps it: `✓ task api (backend) done — summary`. */
export function taskLine(task: TaskProgress): string {
  const detail = task.detail?.split('\n')[0];
  const cut = detail && detail.length > 120 ? `${detail.slice(0, 117)}...` : detail;
  return `${MARK[task.status]} task ${task.id}${task.owner ? ` (${task.owner})` : ''} ${task.status}: ${task.title}${cut ? ` — ${cut}` : ''}`;
}

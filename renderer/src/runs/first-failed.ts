import type { NodeRunView } from '../state/runs';

/** The node that failed first in the run (by when it started), or undefined when none did. */
export function firstFailed(nodes: Readonly<Record<string, NodeRunView>>): string | undefined {
  let first: { id: string; at: number } | undefined;
  for (const [id, view] of Object.entries(nodes)) {
    if (view.status !== 'failed') continue;
    const at = view.startedAt ?? Number.POSITIVE_INFINITY;
    if (!first || at < first.at) first = { id, at };
  }
  return first?.id;
}

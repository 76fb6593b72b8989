import { useMemo } from 'react';
import { create } from 'zustand';
import type { ValidationIssueInfo } from '../../../preload/contract';
import { useGraph } from './graph';

/**
 * How long a node just placed may sit with an unconnected input before that is shown as a
 * problem: long enough to wire it up, short enough that a forgotten input is not missed.
 */
export const QUIET_MS = 20_000;

/** Nodes placed in this editing session whose missing inputs are shown as a quiet hint. */
export const useFresh = create<{ ids: Record<string, true> }>(() => ({ ids: {} }));

const timers = new Map<string, ReturnType<typeof setTimeout>>();

function forget(ids: readonly string[]): void {
  if (!ids.length) return;
  const next = { ...useFresh.getState().ids };
  for (const id of ids) {
    delete next[id];
    clearTimeout(timers.get(id));
    timers.delete(id);
  }
  useFresh.setState({ ids: next });
}

/** The person ran the pipeline: every problem counts now. */
export function endQuiet(): void {
  forget(Object.keys(useFresh.getState().ids));
}

/** An unconnected input of a node just placed: a hint, not yet a problem. */
export function isQuiet(issue: Pick<ValidationIssueInfo, 'code' | 'nodeId'>, fresh: Readonly<Record<string, true>>): boolean {
  return issue.code === 'missing-input' && issue.nodeId !== undefined && fresh[issue.nodeId] === true;
}

/** The problems that count now (what the toolbar counts). */
export function useLoudIssueCount(): number {
  const issues = useGraph((s) => s.issues);
  const fresh = useFresh((s) => s.ids);
  return useMemo(() => issues.filter((i) => !isQuiet(i, fresh)).length, [issues, fresh]);
}

// A node is fresh from the edit that adds it (a drop, quick add, paste) until it has sat for
// QUIET_MS, or was selected and then left, or the person runs. Opening a pipeline, a past run
// or a proposal adds nothing fresh.
useGraph.subscribe((s, prev) => {
  if (s.pipelineId !== prev.pipelineId || s.readOnly !== prev.readOnly || s.revision === 0) {
    if (Object.keys(useFresh.getState().ids).length) endQuiet();
    return;
  }
  if (s.nodes === prev.nodes) return;
  const fresh = useFresh.getState().ids;
  const gone: string[] = [];
  for (const id of Object.keys(fresh)) {
    const now = s.nodes.find((n) => n.id === id);
    const before = prev.nodes.find((n) => n.id === id);
    if (!now || (before?.selected && !now.selected)) gone.push(id);
  }
  forget(gone);
  if (s.revision === prev.revision || s.nodes.length <= prev.nodes.length) return;
  const had = new Set(prev.nodes.map((n) => n.id));
  const added = s.nodes.filter((n) => !had.has(n.id)).map((n) => n.id);
  if (!added.length) return;
  const ids = { ...useFresh.getState().ids };
  for (const id of added) {
    ids[id] = true;
    timers.set(
      id,
      setTimeout(() => forget([id]), QUIET_MS),
    );
  }
  useFresh.setState({ ids });
});

import type { History, HistoryChange } from '../../../preload/contract';
import type { GraphPatch } from './graph-patch';

/** One undo step: its place in the pipeline's stored history, and what it changed. */
export interface UndoStep {
  step: number;
  patch: GraphPatch;
}

export interface UndoStacks {
  past: UndoStep[];
  future: UndoStep[];
}

/** What was last stored: the range of steps, the cursor, and the step objects as sent. */
export interface SavedHistory {
  first: number;
  last: number;
  cursor: number;
  steps: ReadonlyMap<number, UndoStep>;
}

/** The place of a new step: after the last done one, over the first undone one (redo is gone). */
export function nextStep({ past, future }: UndoStacks): number {
  const top = past.at(-1);
  if (top) return top.step + 1;
  return future[0]?.step ?? 0;
}

/**
 * The steps of a stored history this build can apply. A step it cannot read cuts the history
 * there: undo stops before it, redo stops before it, and nothing beyond it is applied out of turn.
 */
export function readHistory(history: History): UndoStacks {
  const past: UndoStep[] = [];
  for (let i = history.past.length - 1; i >= 0; i--) {
    const step = readStep(history.past[i]);
    if (!step) break;
    past.unshift(step);
  }
  const future: UndoStep[] = [];
  for (const stored of history.future) {
    const step = readStep(stored);
    if (!step) break;
    future.push(step);
  }
  return { past, future };
}

function readStep(stored: { step: number; patch: string }): UndoStep | undefined {
  let patch: unknown;
  try {
    patch = JSON.parse(stored.patch);
  } catch {
    return undefined;
  }
  if (!isPatch(patch)) return undefined;
  return { step: stored.step, patch };
}

function isPatch(value: unknown): value is GraphPatch {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const lists = value as Record<string, unknown>;
  return (['nodes', 'edges'] as const).every((key) => lists[key] === undefined || isListPatch(lists[key]));
}

function isListPatch(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const list = value as Record<string, unknown>;
  const entry = (e: unknown) => !!e && typeof e === 'object' && typeof (e as { id?: unknown }).id === 'string';
  const placed = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((p) => Array.isArray(p) && typeof p[0] === 'number' && entry(p[1])));
  const pairs = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((p) => Array.isArray(p) && entry(p[0]) && entry(p[1])));
  const ids = (v: unknown) => Array.isArray(v) && v.every((id) => typeof id === 'string');
  const order = list.order === undefined || (Array.isArray(list.order) && list.order.length === 2 && list.order.every(ids));
  return placed(list.removed) && placed(list.added) && pairs(list.changed) && order;
}

/**
 * What main holds after `stored` was read into `read`: its range is main's own, so steps this
 * build could not read are dropped there by the next save.
 */
export function savedFrom(stored: History, read: UndoStacks): SavedHistory {
  return { ...range(stored), steps: stepsById(read) };
}

/**
 * What to send so that main's copy matches `stacks`: the new range and cursor, and only the
 * steps made or rewritten since `saved`. Undefined when main has it all already.
 */
export function historyChange(stacks: UndoStacks, saved: SavedHistory | undefined): { change: HistoryChange; saved: SavedHistory } | undefined {
  const { first, last, cursor } = range(stacks);
  const put = [...stacks.past, ...stacks.future]
    .filter((s) => saved?.steps.get(s.step) !== s)
    .map((s) => ({ step: s.step, patch: JSON.stringify(s.patch) }));
  if (saved && !put.length && saved.first === first && saved.last === last && saved.cursor === cursor) return undefined;
  return { change: { first, last, cursor, put }, saved: { first, last, cursor, steps: stepsById(stacks) } };
}

function range({ past, future }: { past: { step: number }[]; future: { step: number }[] }): Omit<SavedHistory, 'steps'> {
  const all = [...past, ...future];
  if (!all.length) return { first: 0, last: -1, cursor: -1 };
  const first = all[0].step;
  return { first, last: all[all.length - 1].step, cursor: past.at(-1)?.step ?? first - 1 };
}

function stepsById({ past, future }: UndoStacks): Map<number, UndoStep> {
  return new Map([...past, ...future].map((s) => [s.step, s]));
}

import type { Pipeline } from '../../nodes/sdk';

/** Which nodes a draft adds to, changes in and removes from the open pipeline (by node id). */
export function diffDraft(base: Pipeline | undefined, draft: Pipeline): { added: string[]; changed: string[]; removed: string[] } {
  if (!base) return { added: draft.nodes.map((n) => n.id), changed: [], removed: [] };
  const before = new Map(base.nodes.map((n) => [n.id, n]));
  const after = new Set(draft.nodes.map((n) => n.id));
  const added: string[] = [];
  const changed: string[] = [];
  for (const n of draft.nodes) {
    const old = before.get(n.id);
    if (!old) added.push(n.id);
    else if (old.kind !== n.kind || JSON.stringify(old.params) !== JSON.stringify(n.params) || !sameInputs(base, draft, n.id)) changed.push(n.id);
  }
  return { added, changed, removed: base.nodes.filter((n) => !after.has(n.id)).map((n) => n.id) };
}

/** A node whose wiring changed is changed too, even with the same params. */
function sameInputs(base: Pipeline, draft: Pipeline, id: string): boolean {
  const wires = (doc: Pipeline) =>
    doc.edges
      .filter((e) => e.to.node === id)
      .map((e) => `${e.from.node}.${e.from.port}>${e.to.port}`)
      .sort()
      .join('|');
  return wires(base) === wires(draft);
}

import { definitions } from '../../../nodes/definitions';
import type { AnyDefinition } from '../../../nodes/sdk';

/** Kinds matching a search (title, kind, category, description), grouped by category in palette order. */
export function searchCatalogue(query: string): { category: string; items: AnyDefinition[] }[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = definitions.filter((d) => {
    const hay = `${d.title} ${d.kind} ${d.category} ${d.description}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const groups = new Map<string, AnyDefinition[]>();
  for (const d of matches) {
    let list = groups.get(d.category);
    if (!list) groups.set(d.category, (list = []));
    list.push(d);
  }
  return [...groups].map(([category, items]) => ({ category, items }));
}

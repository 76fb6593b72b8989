import { definitionsByKind } from '../../nodes/definitions';
import type { Pipeline } from '../../nodes/sdk';
import type { AskLink } from '../../preload/contract';

/**
 * What a run made that a person can open: each service's URL (the app, VS Code), and each
 * repository (its remote, else its folder). Read from the outputs by their port types, so any
 * kind that outputs a service or a repo is linked without being named here.
 */
export function linksOf(doc: Pipeline, outputsByNode: ReadonlyMap<string, Record<string, unknown>>): AskLink[] {
  const links: AskLink[] = [];
  const seen = new Set<string>();
  for (const node of doc.nodes) {
    const outputs = outputsByNode.get(node.id);
    const def = definitionsByKind.get(node.kind);
    if (!outputs || !def) continue;
    for (const port of def.outputs ?? []) {
      const value = outputs[port.name] as Record<string, unknown> | undefined;
      if (!value || typeof value !== 'object') continue;
      const label = node.label ?? def.title;
      let url: string | undefined;
      if (port.type === 'service' && typeof value.url === 'string') url = value.url;
      if (port.type === 'repo') {
        const remote = typeof value.remote === 'string' && value.remote ? value.remote : undefined;
        url = remote ?? (typeof value.path === 'string' ? `file://${value.path}` : undefined);
      }
      if (url && !seen.has(url)) {
        seen.add(url);
        links.push({ label, url });
      }
    }
  }
  return links;
}

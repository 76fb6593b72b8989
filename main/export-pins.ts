import { definitionsByKind } from '../nodes/definitions';
import { namesAPlace, portsOf, type NodeInstance, type Pipeline, type PortEnv } from '../nodes/sdk';

/** A node without its pin; without `settings` when nothing else was set there. */
function unpinned(node: NodeInstance): NodeInstance {
  const { pinned: _dropped, ...rest } = node.settings ?? {};
  const { settings: _old, ...bare } = node;
  return Object.keys(rest).length ? { ...bare, settings: rest } : bare;
}

/** Whether the node's pin names a place on this machine (a folder, a service): true when unsure. */
function pinNamesAPlace(node: NodeInstance, env: PortEnv): boolean {
  const def = definitionsByKind.get(node.kind);
  if (!def) return true;
  try {
    return portsOf(def, def.params.parse(node.params), env).outputs.some((p) => namesAPlace(p.type));
  } catch {
    return true;
  }
}

/**
 * The document as a template file carries it: pinned outputs only when the person asked for
 * them, and even then not those naming a folder or a service, which exist on this machine only
 * (whoever imports the template runs those nodes).
 */
export function pinsForExport(doc: Pipeline, include: boolean, env: PortEnv): Pipeline {
  if (!doc.nodes.some((n) => n.settings?.pinned)) return doc;
  const nodes = doc.nodes.map((n) => (n.settings?.pinned && (!include || pinNamesAPlace(n, env)) ? unpinned(n) : n));
  return { ...doc, nodes };
}

import { z } from 'zod';
import type { NodeInstance, Pipeline } from '../../nodes/sdk';
import type { Host } from '../host';
import { pipelineKeys } from './keys';

/**
 * Comments and groups as earlier builds kept them: in the settings table beside the document,
 * so exported templates lost them. They are now `comment` and `group` nodes of the document.
 */
const LegacyAnnotations = z.array(
  z.object({
    id: z.string().min(1),
    type: z.enum(['comment', 'group']),
    text: z.string(),
    position: z.object({ x: z.number(), y: z.number() }),
    width: z.number().positive(),
    height: z.number().positive(),
  }),
);

const PREFIX = pipelineKeys.annotations('');

/**
 * The document with the old annotations added as nodes. Their ids are kept (the editor gave
 * them ids no node had), so running this twice adds nothing twice; an id taken by another
 * node gets a suffix.
 */
export function withLegacyAnnotations(doc: Pipeline, annotations: z.infer<typeof LegacyAnnotations>): Pipeline {
  const taken = new Map(doc.nodes.map((n) => [n.id, n.kind]));
  const added: NodeInstance[] = [];
  for (const a of annotations) {
    if (taken.get(a.id) === a.type) continue;
    let id = a.id;
    for (let i = 2; taken.has(id); i++) id = `${a.id}-${i}`;
    taken.set(id, a.type);
    const size = { width: Math.round(a.width), height: Math.round(a.height) };
    added.push({
      id,
      kind: a.type,
      params: a.type === 'group' ? { title: a.text, ...size } : { text: a.text, ...size },
      position: { x: Math.round(a.position.x), y: Math.round(a.position.y) },
    });
  }
  return added.length ? { ...doc, nodes: [...doc.nodes, ...added] } : doc;
}

/**
 * Moves every pipeline's old settings-kept comments and groups into its document, once: the
 * settings key is deleted after the document is saved. Runs when the API starts.
 */
export function migrateLegacyAnnotations(host: Host): number {
  const { store } = host;
  let moved = 0;
  for (const [key, value] of Object.entries(store.settings.all())) {
    if (!key.startsWith(PREFIX)) continue;
    const id = key.slice(PREFIX.length);
    const doc = store.pipelines.get(id);
    const summary = store.pipelines.summary(id);
    const parsed = LegacyAnnotations.safeParse(value);
    if (doc && summary && parsed.success) {
      const next = withLegacyAnnotations(doc, parsed.data);
      if (next !== doc) {
        store.pipelines.save(next, summary.projectId);
        moved++;
      }
    } else if (doc && !parsed.success) {
      // Unreadable, so it cannot be moved; said once, then dropped like the rest.
      console.error(`pipewright: dropping unreadable comments and groups of pipeline "${id}": ${parsed.error.message}`);
    }
    store.settings.delete(key);
  }
  return moved;
}

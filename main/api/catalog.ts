import { pipelineInterface } from '../../nodes/pipeline/interface';
import type { Pipeline } from '../../nodes/sdk';
import type { CallHandlers, CatalogEntry } from '../../preload/contract';
import type { Host } from '../host';
import { bundledFiles, readBundled } from './templates';

/** The entry of a pipeline with an interface; one with neither inputs nor outputs is no building block. */
function entry(doc: Pipeline, base: Pick<CatalogEntry, 'ref' | 'source' | 'projectId' | 'projectName'>): CatalogEntry | undefined {
  const { inputs, outputs } = pipelineInterface(doc);
  if (!inputs.length && !outputs.length) return undefined;
  return { ...base, name: doc.name, ...(doc.description ? { description: doc.description } : {}), inputs, outputs };
}

/**
 * What the palette offers as `pipeline` nodes: saved pipelines of every project (a ref is a
 * pipeline id, whichever project holds it), then bundled templates by file name (a ref the
 * resolver finds in resources/templates).
 */
export function catalogHandlers(host: Host, templatesDir: string): Pick<CallHandlers, 'pipeline.catalog'> {
  const { store } = host;
  return {
    'pipeline.catalog': () => {
      const projects = new Map(store.projects.list().map((p) => [p.id, p.name]));
      const entries: CatalogEntry[] = [];
      for (const summary of store.pipelines.list()) {
        try {
          const doc = store.pipelines.get(summary.id);
          const e = doc && entry(doc, { ref: summary.id, source: 'saved', projectId: summary.projectId, projectName: projects.get(summary.projectId) });
          if (e) entries.push(e);
        } catch {
          // A pipeline this build cannot read is not offered; opening its project says why.
        }
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const file of bundledFiles(templatesDir)) {
        try {
          const e = entry(readBundled(templatesDir, file), { ref: file, source: 'template' });
          if (e) entries.push(e);
        } catch {
          // The gallery reports a broken template; the catalog leaves it out.
        }
      }
      return entries;
    },
  };
}

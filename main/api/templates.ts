import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionsByKind } from '../../nodes/definitions';
import { parseDocumentText, type Pipeline } from '../../nodes/sdk';
import type { CallHandlers, GalleryEntry } from '../../preload/contract';
import { resourcesDir, type Host } from '../host';
import { rawTemplateExport, templateExport } from '../template-export';
import { graphSketch } from './graph-sketch';
import { pipelineKeys } from './keys';
import { templateManifest } from './manifest';

type Handlers<K extends keyof CallHandlers> = Pick<CallHandlers, K>;

/** A bundled template is named by its file name only: no folders, so no way out of templates/. */
const BUNDLED_FILE = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.json$/;

export function templatesDir(): string {
  return join(resourcesDir(), 'templates');
}

export function readBundled(dir: string, file: string): Pipeline {
  if (!BUNDLED_FILE.test(file) || !existsSync(join(dir, file))) {
    throw new Error(`no bundled template "${file}" in ${dir}`);
  }
  return parseDocumentText(readFileSync(join(dir, file), 'utf8'), file, definitionsByKind);
}

/** The bundled template files, by name, in a stable order. */
export function bundledFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => BUNDLED_FILE.test(f)).sort() : [];
}

export function templateHandlers(host: Host, changed: () => void, dir = templatesDir()) {
  const { store } = host;
  const handlers: Handlers<
    'templates.gallery' | 'templates.openBundled' | 'templates.import' | 'templates.confirmReview' | 'templates.export'
  > = {
    'templates.gallery': () => {
      const entries: GalleryEntry[] = [];
      for (const file of bundledFiles(dir)) {
        try {
          const doc = readBundled(dir, file);
          // What the template does: its comments and groups are not steps.
          const work = doc.nodes.filter((n) => !definitionsByKind.get(n.kind)?.annotation);
          entries.push({
            file,
            id: doc.id,
            name: doc.name,
            ...(doc.description ? { description: doc.description } : {}),
            tags: doc.tags ?? [],
            nodeCount: work.length,
            kinds: [...new Set(work.map((n) => n.kind))],
            sketch: graphSketch(doc, (kind) => {
              const definition = definitionsByKind.get(kind);
              return definition && !definition.annotation ? definition.category : undefined;
            }),
          });
        } catch (err) {
          // One broken file must not hide the rest of the gallery.
          console.error(`pipewright: skipping bundled template: ${(err as Error).message}`);
        }
      }
      // A newcomer meets the ones that run with no setup first; the rest keep their file order.
      return entries.sort((a, b) => Number(!a.tags.includes('starter')) - Number(!b.tags.includes('starter')));
    },
    'templates.openBundled': ({ file }) => {
      // Bundled templates are ours: they open without the review an outside file gets.
      const { id } = store.pipelines.importDocument(readBundled(dir, file));
      changed();
      return store.projects.get(id)!;
    },
    'templates.import': ({ fileName, text }) => {
      // Parsing throws a DocumentError naming the file and every bad field before anything is saved.
      const doc = parseDocumentText(text, fileName || 'the dropped file', definitionsByKind);
      const { id, name } = store.pipelines.importDocument(doc);
      const saved = { ...doc, id, name };
      const manifest = templateManifest(saved);
      store.settings.set(pipelineKeys.review(id), manifest);
      changed();
      return { project: store.projects.get(id)!, manifest, issues: host.engine.validate(saved) };
    },
    'templates.confirmReview': ({ pipelineId }) => {
      store.settings.delete(pipelineKeys.review(pipelineId));
      return { ok: true as const };
    },
    'templates.export': ({ pipelineId, includePins }) => {
      const stored = store.pipelines.raw(pipelineId);
      if (stored === undefined) throw new Error(`no pipeline "${pipelineId}" to export: it may have been deleted`);
      const fileName = `${pipelineId}.pipewright.json`;
      const matcher = store.secrets.matcher();
      let doc: Pipeline;
      try {
        doc = store.pipelines.get(pipelineId)!;
      } catch {
        // A document this build cannot read (damaged, or too deep) goes out as it is stored, so
        // nothing saved is lost.
        const raw = rawTemplateExport(stored, matcher);
        return { fileName, text: raw.text.endsWith('\n') ? raw.text : `${raw.text}\n`, removedSecrets: raw.removedSecrets };
      }
      return { fileName, ...templateExport(doc, includePins, host, matcher) };
    },
  };
  return handlers;
}

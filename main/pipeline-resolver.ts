import { extname, isAbsolute, normalize, resolve } from 'node:path';
import type { Pipeline } from '../nodes/sdk';
import { isInside, readTemplateFile, TEMPLATE_EXTENSION } from './template-file';

export interface PipelineSource {
  /** A saved pipeline by id, when there is one. */
  saved(id: string): Pipeline | undefined;
}

/**
 * Resolves the `ref` of a sub-pipeline node: a saved pipeline's id first, then a template file.
 * A template path is relative and stays inside one of `searchDirs`, tried in order (the running
 * template's own folder, then the bundled templates): a ref comes from a file someone else may
 * have written, so it may not name an absolute path, climb out with `..`, or follow a link out.
 * Only regular `.json` files are read, and only up to a bounded size (see readTemplateFile).
 */
export function createPipelineResolver(source: PipelineSource, searchDirs: readonly string[]) {
  return function loadPipeline(ref: string): Pipeline {
    const saved = source.saved(ref);
    if (saved) return saved;
    if (isAbsolute(ref)) {
      throw new Error(
        `pipeline "${ref}" refused: a template ref must be a path relative to the template's folder, not an absolute path; copy the template beside the one that uses it, or save it and use its id`,
      );
    }
    if (normalize(ref).split(/[\\/]/)[0] === '..') {
      throw new Error(
        `pipeline "${ref}" refused: the path leads out of the template's folder; a ref may name files inside that folder only`,
      );
    }
    if (extname(ref).toLowerCase() !== TEMPLATE_EXTENSION) {
      throw new Error(
        `pipeline "${ref}" not found: no saved pipeline has that id, and a template file name ends in ${TEMPLATE_EXTENSION}`,
      );
    }
    const tried: string[] = [];
    for (const dir of searchDirs) {
      const file = resolve(dir, ref);
      if (!isInside(resolve(dir), file)) continue;
      const doc = readTemplateFile(file, dir);
      if (doc) return doc;
      tried.push(file);
    }
    const looked = tried.length ? ` and no template file at ${tried.join(', ')}` : '';
    throw new Error(`pipeline "${ref}" not found: no saved pipeline has that id${looked}`);
  };
}

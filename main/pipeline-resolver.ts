import { existsSync, readFileSync } from 'node:fs';
import { definitionsByKind } from '../nodes/definitions';
import { isAbsolute, resolve } from 'node:path';
import { parseDocumentText, type Pipeline } from '../nodes/sdk';

export interface PipelineSource {
  /** A saved pipeline by id, when there is one. */
  saved(id: string): Pipeline | undefined;
}

/**
 * Resolves the `ref` of a sub-pipeline node: a saved pipeline's id first, then a template file.
 * Relative template paths are tried against each folder in `searchDirs` in order (the running
 * file's folder, then the bundled templates).
 */
export function createPipelineResolver(source: PipelineSource, searchDirs: readonly string[]) {
  return function loadPipeline(ref: string): Pipeline {
    const saved = source.saved(ref);
    if (saved) return saved;
    const candidates = isAbsolute(ref) ? [ref] : searchDirs.map((dir) => resolve(dir, ref));
    for (const file of candidates) {
      if (existsSync(file)) return parseDocumentText(readFileSync(file, 'utf8'), file, definitionsByKind);
    }
    const looked = candidates.length ? ` and no template file at ${candidates.join(', ')}` : '';
    throw new Error(`pipeline "${ref}" not found: no saved pipeline has that id${looked}`);
  };
}

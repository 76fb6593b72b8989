import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { definitionsByKind } from '../../nodes/definitions';
import { parseDocumentText, type Pipeline } from '../../nodes/sdk';
import type { Store } from '../store';
import { UsageError } from './args';

export interface Target {
  doc: Pipeline;
  projectId: string;
  /** The template file, when the target was one. */
  file?: string;
}

function looksLikePath(target: string): boolean {
  return /[\\/]/.test(target) || target.endsWith('.json');
}

/** Whether a command's target names a template file rather than a saved id. */
export function isTemplatePath(target: string): boolean {
  return existsSync(target) || looksLikePath(target);
}

/** Reads a template file, with one clear line when it is missing, a folder or not a document. */
export function readTemplateFile(target: string): { doc: Pipeline; file: string } {
  const file = resolve(target);
  if (!existsSync(file)) throw new UsageError(`${target}: no such file`);
  if (statSync(file).isDirectory()) throw new UsageError(`${target}: is a folder, expected a template .json file`);
  return { doc: parseDocumentText(readFileSync(file, 'utf8'), target, definitionsByKind), file };
}

/**
 * A run target is a template file (run as it is; its runs and cache kept under the document's
 * id) or the id of a saved pipeline.
 */
export function loadTarget(target: string, store: Store): Target {
  if (isTemplatePath(target)) {
    const { doc, file } = readTemplateFile(target);
    return { doc, projectId: doc.id, file };
  }
  const doc = store.pipelines.get(target);
  if (!doc) {
    throw new UsageError(`"${target}" is neither a template file nor a saved pipeline id (see pipewright list)`);
  }
  const entry = store.pipelines.list().find((p) => p.id === target);
  return { doc, projectId: entry?.projectId ?? doc.id };
}

/** "3 nodes" as a person counts them: comments and groups are not steps. */
export function stepCount(doc: Pipeline): string {
  const n = doc.nodes.filter((node) => !definitionsByKind.get(node.kind)?.annotation).length;
  return `${n} node${n === 1 ? '' : 's'}`;
}

import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { definitionsByKind } from '../nodes/definitions';
import { DocumentError, FORMAT, loadDocument, type Pipeline } from '../nodes/sdk';
import { paramLimitProblems } from './engine/param-limits';

/** The largest template file a ref may name: bigger is not a pipeline someone wrote. */
export const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

/** Template files are JSON documents; anything else a ref names is not read at all. */
export const TEMPLATE_EXTENSION = '.json';

export class TemplateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateFileError';
  }
}

/** Whether `path` is `folder` or below it, both already resolved. */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function errnoOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

/**
 * Reads the template `file` that a ref named inside `folder`, or returns undefined when there is
 * no such file. Refuses, without reading a byte of content: a link that leads out of `folder`, anything
 * but a regular file (a device such as /dev/zero would grow the process without end, a FIFO
 * would block every other request), and a file over `MAX_TEMPLATE_BYTES`. Errors never quote
 * the file's content: a ref may point at a file of secrets to learn its first bytes.
 */
export function readTemplateFile(file: string, folder: string): Pipeline | undefined {
  let real: string;
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
    real = realpathSync(file);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR') return undefined;
    throw new TemplateFileError(`cannot read template ${file} (${errnoOf(err) ?? 'error'}); check the file and its folder`);
  }
  if (!isInside(realFolder, real)) {
    throw new TemplateFileError(`template ${file} is a link to a place outside ${folder}: a ref may name files inside the template's folder only`);
  }
  const text = readBounded(file, real);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the start of the text, so it is not passed on.
    throw new TemplateFileError(`template ${file} is not valid JSON: fix the file, or point the ref at a pipeline template`);
  }
  // The loader's messages quote the format it found: check it here so only a real one is quoted.
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof format !== 'string' || !/^pipewright\/\d{1,6}$/.test(format)) {
    throw new TemplateFileError(`template ${file} is not a pipeline document: its "format" is missing or not one this Pipewright reads (expected "${FORMAT}")`);
  }
  let doc: Pipeline;
  try {
    doc = loadDocument(raw, file, definitionsByKind);
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    // Field paths and the schema's own words only: the values stay in the file.
    throw new TemplateFileError(err.issues.length ? `template ${file} is not a pipeline document: ${err.issues.join('; ')}` : err.message);
  }
  const limits = paramLimitProblems(doc);
  if (limits.length) throw new TemplateFileError(`template ${file}: ${limits.map((p) => p.message).join('; ')}`);
  return doc;
}

function readBounded(file: string, real: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it would stop the event loop).
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    throw new TemplateFileError(`cannot open template ${file} (${errnoOf(err) ?? 'error'}); check its permissions`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      throw new TemplateFileError(`${file} is not a regular file (a device, a pipe, a socket or a folder): a template must be a ${TEMPLATE_EXTENSION} file`);
    }
    if (stat.size > MAX_TEMPLATE_BYTES) throw tooBig(file, stat.size);
    // One byte more than allowed, so a file that grew since fstat is caught too.
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_TEMPLATE_BYTES) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length === buffer.length) break;
    }
    if (length > stat.size) throw new TemplateFileError(`template ${file} changed while it was read: try again once it is written`);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

function tooBig(file: string, bytes: number): TemplateFileError {
  return new TemplateFileError(
    `template ${file} is ${(bytes / 1024 / 1024).toFixed(1)} MiB or more, over the ${MAX_TEMPLATE_BYTES / 1024 / 1024} MiB a template file may be; a pipeline template is far smaller, check the ref`,
  );
}

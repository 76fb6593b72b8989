import { FORMAT, PipelineSchema, type Pipeline } from './document';

/** One step that upgrades a document from the format `from` to the next one. */
export interface FormatMigration {
  from: string;
  to: string;
  migrate(doc: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Upgrades of older formats, oldest first. `pipewright/1` is the first released format, so the
 * list is empty; a future `pipewright/2` adds `{ from: 'pipewright/1', to: 'pipewright/2', … }`.
 */
export const FORMAT_MIGRATIONS: readonly FormatMigration[] = [];

export class DocumentError extends Error {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(issues.length ? `${message}\n${issues.map((i) => `  - ${i}`).join('\n')}` : message);
    this.name = 'DocumentError';
  }
}

function formatNumber(format: string): number | undefined {
  const m = /^pipewright\/(\d+)$/.exec(format);
  return m ? Number(m[1]) : undefined;
}

/**
 * Parses a pipeline document of any known format: older formats are migrated step by step,
 * newer ones are refused (they may hold meaning this build would silently drop).
 * `source` names the file or pipeline in error messages.
 */
export function loadDocument(
  raw: unknown,
  source = 'document',
  migrations: readonly FormatMigration[] = FORMAT_MIGRATIONS,
): Pipeline {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DocumentError(`${source}: a pipeline document must be a JSON object`);
  }
  let doc = raw as Record<string, unknown>;
  if (typeof doc.format !== 'string') {
    throw new DocumentError(`${source}: missing "format" (expected "${FORMAT}")`);
  }
  const current = formatNumber(FORMAT)!;
  const seen = new Set<string>();
  while (doc.format !== FORMAT) {
    const format = doc.format as string;
    const n = formatNumber(format);
    if (n === undefined) {
      throw new DocumentError(`${source}: unknown format "${format}" (expected "${FORMAT}")`);
    }
    if (n > current) {
      throw new DocumentError(
        `${source}: format "${format}" is newer than this Pipewright understands ("${FORMAT}"); update Pipewright to open it`,
      );
    }
    const step = migrations.find((m) => m.from === format);
    if (!step || seen.has(format)) {
      throw new DocumentError(`${source}: no migration from format "${format}" to "${FORMAT}"`);
    }
    seen.add(format);
    doc = { ...step.migrate(doc), format: step.to };
  }
  const parsed = PipelineSchema.safeParse(doc);
  if (!parsed.success) {
    throw new DocumentError(
      `${source}: not a valid pipeline document`,
      parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(document)'}: ${i.message}`),
    );
  }
  return parsed.data;
}

/** Parses JSON text first, with the position of a syntax error in the message. */
export function parseDocumentText(text: string, source = 'document'): Pipeline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DocumentError(`${source}: invalid JSON (${(err as Error).message})`);
  }
  return loadDocument(raw, source);
}

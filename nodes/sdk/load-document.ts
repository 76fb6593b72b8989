import type { ParamsMigrations } from './define-node';
import { FORMAT, PipelineSchema, type Pipeline } from './document';

/** One step that upgrades a document from the format `from` to the next one. */
export interface FormatMigration {
  from: string;
  to: string;
  migrate(doc: Record<string, unknown>): Record<string, unknown>;
}

/** Engine settings that format 1 kept among a node's params. */
const FORMAT1_ENGINE_PARAMS = ['retries', 'timeoutMs'] as const;

/**
 * Format 1 → 2: every node records its kind's version (every kind was at version 1 while format 1
 * was current), and retries and timeout move from `params` to `settings`. In format 1 they were
 * merged over the kind's own params (a LiteLLM router's `retries` was the engine's), so moving
 * them keeps what each document did.
 */
function format1To2(doc: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(doc.nodes)) return doc;
  const nodes = doc.nodes.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
    const node = raw as Record<string, unknown>;
    const out: Record<string, unknown> = { ...node, version: node.version ?? 1 };
    const params = node.params;
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return out;
    const kept: Record<string, unknown> = { ...(params as Record<string, unknown>) };
    const settings: Record<string, unknown> = {};
    for (const key of FORMAT1_ENGINE_PARAMS) {
      if (kept[key] === undefined) continue;
      settings[key] = kept[key];
      delete kept[key];
    }
    out.params = kept;
    if (Object.keys(settings).length) out.settings = settings;
    return out;
  });
  return { ...doc, nodes };
}

/** Upgrades of older formats, oldest first. */
export const FORMAT_MIGRATIONS: readonly FormatMigration[] = [{ from: 'pipewright/1', to: 'pipewright/2', migrate: format1To2 }];

/** What the loader needs to know of a kind to upgrade its nodes: a definition fits. */
export interface KindVersion {
  version: number;
  migrations?: ParamsMigrations;
}

/** Looks up a kind by name (`definitionsByKind` fits). */
export interface KindCatalog {
  get(kind: string): KindVersion | undefined;
}

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
  kinds?: KindCatalog,
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
  return kinds ? upgradeNodes(parsed.data, kinds, source) : parsed.data;
}

/**
 * Brings every node to its kind's current version: runs the kind's migrations from the version
 * the node records, and records the current version where none is. A node written for a newer
 * version of its kind is refused; unknown kinds are left for validation to report.
 */
export function upgradeNodes(doc: Pipeline, kinds: KindCatalog, source = 'document'): Pipeline {
  let nodes: Pipeline['nodes'] | undefined;
  doc.nodes.forEach((node, i) => {
    const kind = kinds.get(node.kind);
    if (!kind || node.version === kind.version) return;
    let params = node.params;
    let version = node.version ?? kind.version;
    if (version > kind.version) {
      throw new DocumentError(
        `${source}: node "${node.id}" was written for version ${version} of kind "${node.kind}", newer than this Pipewright's (${kind.version}); update Pipewright to open it`,
      );
    }
    for (; version < kind.version; version++) {
      const step = kind.migrations?.[version];
      if (!step) {
        throw new DocumentError(
          `${source}: node "${node.id}": kind "${node.kind}" has no migration from version ${version} to ${version + 1}; recreate the node`,
        );
      }
      try {
        params = step({ ...params });
      } catch (err) {
        throw new DocumentError(
          `${source}: node "${node.id}": upgrading kind "${node.kind}" from version ${version} failed: ${(err as Error).message}`,
        );
      }
    }
    nodes ??= [...doc.nodes];
    nodes[i] = { ...node, version, params };
  });
  return nodes ? { ...doc, nodes } : doc;
}

/** Parses JSON text first, with the position of a syntax error in the message. */
export function parseDocumentText(text: string, source = 'document', kinds?: KindCatalog): Pipeline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DocumentError(`${source}: invalid JSON (${(err as Error).message})`);
  }
  return loadDocument(raw, source, kinds);
}

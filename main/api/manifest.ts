import { definitionsByKind } from '../../nodes/definitions';
import { pipelineInterface } from '../../nodes/pipeline/interface';
import type { Pipeline } from '../../nodes/sdk';
import type { TemplateManifest } from '../../preload/contract';

// Param names that say what a node will touch, whatever its kind: a generic reading keeps this
// right for node kinds added later without a list to maintain.
const COMMAND = /^(command|script|cmd|run|entrypoint)$/i;
const IMAGE = /image/i;
const ENDPOINT = /(url|endpoint|host)$/i;
const SECRET = /secret/i;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * What a template will run, for a person to read before its first run: each node with its
 * commands, images, endpoints and secret names, and the pipeline's inputs and outputs.
 */
export function templateManifest(doc: Pipeline): TemplateManifest {
  const commands: string[] = [];
  const images = new Set<string>();
  const endpoints = new Set<string>();
  const secrets = new Set<string>();
  const unknownKinds = new Set<string>();
  // Comments and groups run nothing: they are not part of what a template will do.
  const work = doc.nodes.filter((node) => !definitionsByKind.get(node.kind)?.annotation);
  const nodes = work.map((node) => {
    const def = definitionsByKind.get(node.kind);
    if (!def) unknownKinds.add(node.kind);
    const details: { label: string; value: string }[] = [];
    for (const [key, raw] of Object.entries(node.params)) {
      const value = text(raw);
      if (key === 'env' && raw && typeof raw === 'object') {
        const names = Object.keys(raw as object);
        if (names.length) details.push({ label: 'environment', value: names.join(', ') });
        continue;
      }
      if (!value) continue;
      if (COMMAND.test(key)) {
        commands.push(value);
        details.push({ label: key, value });
      } else if (SECRET.test(key)) {
        secrets.add(value);
        details.push({ label: key, value: `secret ${value}` });
      } else if (IMAGE.test(key)) {
        images.add(value);
        details.push({ label: key, value });
      } else if (ENDPOINT.test(key)) {
        endpoints.add(value);
        details.push({ label: key, value });
      } else if (key === 'ref' && node.kind === 'pipeline') {
        details.push({ label: 'runs pipeline', value });
      }
    }
    return { id: node.id, kind: node.kind, title: node.label ?? def?.title ?? node.kind, details };
  });
  const ports = pipelineInterface(doc);
  return {
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    nodes,
    commands,
    images: [...images],
    endpoints: [...endpoints],
    secrets: [...secrets],
    inputs: ports.inputs,
    outputs: ports.outputs,
    unknownKinds: [...unknownKinds],
  };
}

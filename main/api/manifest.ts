import { definitionsByKind } from '../../nodes/definitions';
import { pipelineInterface } from '../../nodes/pipeline/interface';
import { imageSettingKey, paramFlags, unsandboxedBy, type AnyDefinition, type NodeInstance, type Pipeline } from '../../nodes/sdk';
import type { TemplateManifest } from '../../preload/contract';

type Detail = { label: string; value: string };

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A list (extensions to install) is reviewed item by item.
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(', ') || undefined;
  return undefined;
}

/**
 * The params as the node will run with them: a default the template leaves out (a runtime of
 * `auto`, a model) counts as much as one it writes. Params that fail their schema are taken as
 * written; validation reports them.
 */
function effectiveParams(def: AnyDefinition, node: NodeInstance): Record<string, unknown> {
  const parsed = def.params.safeParse(node.params);
  return parsed.success ? (parsed.data as Record<string, unknown>) : node.params;
}

/**
 * What a template will run, for a person to read before its first run: each node with its
 * commands, images, model downloads, endpoints, secret names, ports and unsandboxed steps, and
 * the pipeline's inputs and outputs. Everything is read from the flags the kinds' definitions
 * put on their params and from the images they declare, never from param names, so a kind
 * added later is reviewed the same way. `defs` is every known kind (a test passes its own).
 */
export function templateManifest(doc: Pipeline, defs: ReadonlyMap<string, AnyDefinition> = definitionsByKind): TemplateManifest {
  const commands: string[] = [];
  const images = new Set<string>();
  const modelDownloads = new Set<string>();
  const endpoints = new Set<string>();
  const secrets = new Set<string>();
  const ports: string[] = [];
  const unsandboxed: string[] = [];
  const unknownKinds = new Set<string>();
  // Annotations (comments, groups) run nothing: they are not part of what a template will do.
  const work = doc.nodes.filter((node) => !defs.get(node.kind)?.annotation);
  const nodes = work.map((node) => {
    const def = defs.get(node.kind);
    const title = node.label ?? def?.title ?? node.kind;
    const details: Detail[] = [];
    if (!def) {
      unknownKinds.add(node.kind);
      return { id: node.id, kind: node.kind, title, details };
    }
    const params = effectiveParams(def, node);
    let ownImage = false;
    for (const [key, flag] of Object.entries(paramFlags(def))) {
      const raw = params[key];
      const value = text(raw);
      const how = unsandboxedBy(flag, raw);
      if (how) {
        unsandboxed.push(`${title} (${node.id}): ${how}`);
        details.push({ label: 'runs unsandboxed', value: how });
      }
      if (flag.role === 'port') {
        // A node given no port still opens one: a free one.
        const where = value ? `127.0.0.1:${value}` : 'a free port on 127.0.0.1';
        ports.push(`${title} (${node.id}): ${where}`);
        details.push({ label: key, value: where });
      } else if (flag.role === 'environment') {
        // Names only: values may be secrets pasted in.
        const names = raw && typeof raw === 'object' ? Object.keys(raw) : [];
        if (names.length) details.push({ label: 'environment', value: names.join(', ') });
      } else if (flag.role && value) {
        if (flag.role === 'command') commands.push(value);
        if (flag.role === 'secret') secrets.add(value);
        if (flag.role === 'image') {
          images.add(value);
          ownImage = true;
        }
        if (flag.role === 'url') endpoints.add(value);
        if (flag.role === 'model-download') modelDownloads.add(value);
        details.push({
          label: flag.role === 'model-download' || flag.role === 'download' ? `${key} (downloaded)` : key,
          value: flag.role === 'secret' ? `secret ${value}` : value,
        });
      }
    }
    // Without an image of its own the node runs the ones its kind declares (settings may name others).
    if (!ownImage) {
      for (const image of def.images ?? []) {
        images.add(image.default);
        details.push({ label: 'image', value: `${image.default} (unless the ${imageSettingKey(image.name)} setting names another)` });
      }
    }
    if (def.role === 'subpipeline' && text(params.ref)) details.push({ label: 'runs pipeline', value: text(params.ref)! });
    return { id: node.id, kind: node.kind, title, details };
  });
  const iface = pipelineInterface(doc);
  return {
    name: doc.name,
    ...(doc.description ? { description: doc.description } : {}),
    nodes,
    commands,
    images: [...images],
    modelDownloads: [...modelDownloads],
    endpoints: [...endpoints],
    secrets: [...secrets],
    ports,
    unsandboxed,
    inputs: iface.inputs,
    outputs: iface.outputs,
    unknownKinds: [...unknownKinds],
  };
}

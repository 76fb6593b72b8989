import { PortTypeSchema, type Pipeline, type PortSpec, type ResolvedPorts } from '../sdk';

/**
 * The ports a pipeline shows when used as a node: its declared `inputs` and `outputs`, or,
 * where it declares none, what its pipeline-input nodes (optional when they have a default)
 * and pipeline-output nodes (type any) say.
 */
export function pipelineInterface(doc: Pipeline): ResolvedPorts {
  return {
    inputs: doc.inputs?.map((d) => ({ ...d })) ?? derived(doc, 'pipeline-input'),
    outputs: doc.outputs?.map((d) => ({ ...d })) ?? derived(doc, 'pipeline-output'),
  };
}

function derived(doc: Pipeline, kind: 'pipeline-input' | 'pipeline-output'): PortSpec[] {
  const ports = new Map<string, PortSpec>();
  for (const node of doc.nodes) {
    if (node.kind !== kind || node.disabled) continue;
    const name = node.params.name;
    if (typeof name !== 'string' || name === '' || ports.has(name)) continue;
    if (kind === 'pipeline-output') {
      ports.set(name, { name, type: 'any' });
      continue;
    }
    const type = PortTypeSchema.safeParse(node.params.type ?? 'text');
    const port: PortSpec = { name, type: type.success ? type.data : 'any' };
    if (node.params.default !== undefined) port.optional = true;
    ports.set(name, port);
  }
  return [...ports.values()];
}

import { definitionsByKind } from '../../../nodes/definitions';
import { isCompatible, portsOf, type PortSpec, type PortType, type ResolvedPorts } from '../../../nodes/sdk';

const NONE: ResolvedPorts = { inputs: [], outputs: [] };

/**
 * The ports a node shows. Most come from its definition; ports that depend on params are
 * resolved here when they can be (a typed pipeline input) and otherwise taken from what main
 * resolved (a sub-pipeline's interface, which needs to load another pipeline).
 */
export function nodePorts(kind: string, params: Record<string, unknown>, resolved?: ResolvedPorts): ResolvedPorts {
  const def = definitionsByKind.get(kind);
  if (!def) return resolved ?? NONE;
  if (!def.resolvePorts) return { inputs: def.inputs, outputs: def.outputs };
  const parsed = def.params.safeParse(params);
  if (parsed.success) {
    try {
      return portsOf(def, parsed.data, {
        loadPipeline: () => {
          throw new Error('resolved in main');
        },
      });
    } catch {
      // Falls through to what main resolved.
    }
  }
  return resolved ?? { inputs: def.inputs, outputs: def.outputs };
}

export function findPort(ports: ResolvedPorts, side: 'in' | 'out', name: string | null | undefined): PortSpec | undefined {
  return (side === 'in' ? ports.inputs : ports.outputs).find((p) => p.name === name);
}

/** Why an output of `from` may not feed an input of `to`, or undefined when it may. */
export function incompatibility(from: PortType, to: PortType): string | undefined {
  if (isCompatible(from, to)) return undefined;
  const article = (t: string) => (/^[aeiou]/.test(t) ? 'an' : 'a');
  return `${article(from)} ${from} output cannot feed ${article(to)} ${to} input: connect ports of the same type (or any)`;
}

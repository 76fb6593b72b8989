import type { Pipeline } from '../../nodes/sdk';
import type { ValidationIssue } from './errors';
import { paramLimitProblems } from './param-limits';
import type { NodeRegistry } from './types';

/**
 * What must hold of a document before its graph means anything: params small and shallow
 * enough to store and read back, one edge per id, one port per input or output name. These
 * are the problems a hand-edited or hostile template brings; the editor never makes them.
 */
export function documentLimitIssues(doc: Pipeline, registry: NodeRegistry): ValidationIssue[] {
  const issues: ValidationIssue[] = paramLimitProblems(doc).map((p) => ({
    nodeId: p.nodeId,
    field: p.field,
    code: 'param-limit',
    message: p.message,
  }));

  const edgeIds = new Set<string>();
  for (const edge of doc.edges) {
    if (edgeIds.has(edge.id)) {
      issues.push({
        edgeId: edge.id,
        code: 'duplicate-edge-id',
        message: `edge "${edge.id}" (${edge.from.node}.${edge.from.port} → ${edge.to.node}.${edge.to.port}): another edge already has the id "${edge.id}"; give each edge its own id`,
      });
    }
    edgeIds.add(edge.id);
  }

  for (const side of ['inputs', 'outputs'] as const) {
    const names = new Set<string>();
    for (const port of doc[side] ?? []) {
      if (names.has(port.name)) {
        issues.push({
          field: side,
          code: 'duplicate-port-name',
          message: `pipeline "${doc.id}": ${side === 'inputs' ? 'input' : 'output'} "${port.name}" is declared twice in ${side}; give each its own name`,
        });
      }
      names.add(port.name);
    }
  }

  // Without declared inputs, pipeline-input nodes are the inputs; two of one name would take one value.
  const inputNodes = new Map<string, string>();
  for (const node of doc.nodes) {
    if (node.disabled || registry.definition(node.kind)?.role !== 'pipeline-input') continue;
    const name = node.params.name;
    if (typeof name !== 'string') continue;
    const other = inputNodes.get(name);
    if (other !== undefined) {
      issues.push({
        nodeId: node.id,
        field: 'name',
        code: 'duplicate-port-name',
        message: `node "${node.id}": pipeline input "${name}" is also given by node "${other}"; give each input its own name`,
      });
    } else inputNodes.set(name, node.id);
  }
  return issues;
}

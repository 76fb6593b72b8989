import { NodeError, type NodeInstance } from '../../nodes/sdk';

/** One problem found before a run; it points at a node, an edge or a param field. */
export interface ValidationIssue {
  nodeId?: string;
  edgeId?: string;
  /** The param path (`ref`, `env.PATH`) when the problem is in a param. */
  field?: string;
  code: ValidationCode;
  message: string;
}

export type ValidationCode =
  | 'duplicate-node-id'
  | 'unknown-kind'
  | 'no-runtime'
  | 'invalid-param'
  | 'engine-setting-in-params'
  | 'pin-refused'
  | 'ports-unresolved'
  | 'missing-input'
  | 'incompatible-ports'
  | 'missing-node'
  | 'missing-port'
  | 'duplicate-input-edge'
  | 'duplicate-output-name'
  | 'duplicate-port-name'
  | 'duplicate-edge-id'
  | 'param-limit'
  | 'input-limit'
  | 'more-issues'
  | 'cycle'
  | 'subpipeline-unavailable'
  | 'recursion'
  | 'unknown-scope-node';

/** Thrown by `Engine.run` when the document has problems; nothing has run. */
export class ValidationError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    const n = issues.length;
    super(
      `the pipeline cannot run: ${n} problem${n === 1 ? '' : 's'} to fix first\n` +
        issues.map((i) => `  - ${i.message}`).join('\n'),
    );
    this.name = 'ValidationError';
  }
}

/** How messages name a node: its id, then its label (if any) and kind. */
export function describeNode(node: Pick<NodeInstance, 'id' | 'kind' | 'label'>): string {
  return node.label
    ? `node "${node.id}" ("${node.label}", ${node.kind})`
    : `node "${node.id}" (${node.kind})`;
}

/** The text a failed node shows: a NodeError's message and detail, otherwise the message. */
export function errorText(err: unknown): string {
  if (err instanceof NodeError) return err.detail ? `${err.message}\n${err.detail}` : err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { definitionsByKind } from '../../../nodes/definitions';
import { PORT_COLOURS, type PortSpec } from '../../../nodes/sdk';
import type { PipelineFlowNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { nodePorts } from '../state/ports';
import { useNodeRun } from '../state/runs';
import { StatusBadge } from './StatusBadge';

function summaryOf(params: Record<string, unknown>): string | undefined {
  for (const key of ['command', 'text', 'ref', 'name', 'image', 'model', 'prompt']) {
    const v = params[key];
    if (typeof v === 'string' && v.trim()) return v.trim().split('\n')[0];
  }
  return undefined;
}

function Port({ port, side }: { port: PortSpec; side: 'in' | 'out' }) {
  const colour = PORT_COLOURS[port.type];
  return (
    <div className={`pw-port ${side}`} data-port={port.name} title={port.description ?? `${port.name} (${port.type})`}>
      <Handle
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        id={port.name}
        className="pw-handle"
        style={{ background: colour }}
        data-port-type={port.type}
      />
      <span>{port.name}</span>
      {side === 'in' && port.optional && <span className="optional" title="optional">?</span>}
    </div>
  );
}

/**
 * One node on the canvas. It reads its own run status and issues from the stores by id, so a
 * status change re-renders this node only, and log output re-renders none.
 */
export const PipelineNode = memo(function PipelineNode({ id, data }: NodeProps<PipelineFlowNode>) {
  const def = definitionsByKind.get(data.kind);
  const resolved = useGraph((s) => s.resolvedPorts[id]);
  const issues = useGraph((s) => s.issuesByNode[id]);
  const run = useNodeRun(id);
  const ports = useMemo(() => nodePorts(data.kind, data.params, resolved), [data.kind, data.params, resolved]);
  const summary = summaryOf(data.params);
  const rows = Math.max(ports.inputs.length, ports.outputs.length);
  const classes = ['pw-node', issues?.length ? 'has-issues' : '', data.disabled ? 'disabled' : '', run ? `status-${run.status}` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes} data-kind={data.kind}>
      <div className="pw-node-head">
        <span className="pw-node-icon" aria-hidden="true">
          {def?.icon ?? '?'}
        </span>
        <div className="pw-node-title">
          <div className="name">{data.label || def?.title || data.kind}</div>
          <div className="kind">{id}</div>
        </div>
      </div>
      {run && (
        <div className="pw-node-status">
          <StatusBadge status={run.status} startedAt={run.startedAt} durationMs={run.durationMs} />
          {run.attempt !== undefined && run.attempt > 1 && <span className="faint">attempt {run.attempt}</span>}
        </div>
      )}
      {summary && <div className="pw-node-summary">{summary}</div>}
      {rows > 0 && (
        <div className="pw-ports">
          {Array.from({ length: rows }, (_, i) => (
            <div key={i} style={{ display: 'contents' }}>
              {ports.inputs[i] ? <Port port={ports.inputs[i]} side="in" /> : <div />}
              {ports.outputs[i] ? <Port port={ports.outputs[i]} side="out" /> : <div />}
            </div>
          ))}
        </div>
      )}
      {issues?.length ? (
        <div className="pw-node-issues" data-testid="node-issues">
          {issues.slice(0, 2).map((issue, i) => (
            <div key={i} title={issue.message}>
              {issue.message}
            </div>
          ))}
        </div>
      ) : run?.status === 'failed' && run.error ? (
        <div className="pw-node-issues">
          <div title={run.error}>{run.error}</div>
        </div>
      ) : null}
    </div>
  );
});

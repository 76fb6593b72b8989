import { memo } from 'react';
import type { PortSpec } from '../../../nodes/sdk';
import { isHttpUrl } from '../inspector/outputs/shape';
import { useNodeRun } from '../state/runs';
import './node-open.css';

/**
 * "Open" for each service the node started in the run shown (a deployed app, a workspace, a
 * model server), on the node itself: the link is where a person looks once the run is green.
 */
export const NodeOpen = memo(function NodeOpen({ nodeId, outputs }: { nodeId: string; outputs: PortSpec[] }) {
  const values = useNodeRun(nodeId)?.outputs;
  if (!values) return null;
  const links = outputs
    .filter((p) => p.type === 'service')
    .map((p) => ({ port: p.name, value: values[p.name] as { url?: unknown; name?: unknown } | undefined }))
    .filter((l): l is { port: string; value: { url: string; name?: unknown } } => isHttpUrl(l.value?.url));
  if (!links.length) return null;
  return (
    <div className="pw-node-open nodrag">
      {links.map(({ port, value }) => (
        <a
          key={port}
          className="btn small"
          href={value.url}
          target="_blank"
          rel="noreferrer noopener"
          title={`Open ${value.url}${typeof value.name === 'string' ? ` (${value.name})` : ''}`}
          data-testid="node-open"
          onMouseDown={(e) => e.stopPropagation()}
        >
          Open{links.length > 1 ? ` ${port}` : ''} ↗
        </a>
      ))}
    </div>
  );
});

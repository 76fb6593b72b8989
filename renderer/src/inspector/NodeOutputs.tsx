import { useMemo, useState } from 'react';
import type { PortSpec } from '../../../nodes/sdk';
import { useShallow } from 'zustand/react/shallow';
import { useGraph } from '../state/graph';
import { nodePorts } from '../state/ports';
import { useRuns, type NodeRunView } from '../state/runs';
import { PortValue } from './outputs/PortValue';
import './outputs/outputs.css';

type Tab = 'output' | 'input';

/** The node's ports on one side, as the canvas shows them. */
function usePorts(nodeId: string, side: 'inputs' | 'outputs'): PortSpec[] {
  const node = useGraph((s) => s.nodes.find((n) => n.id === nodeId));
  const resolved = useGraph((s) => s.resolvedPorts[nodeId]);
  const kind = node?.data.kind;
  const params = node?.data.params;
  return useMemo(() => (kind && params ? nodePorts(kind, params, resolved)[side] : []), [kind, params, resolved, side]);
}

function OutputTab({ nodeId, view, runId }: { nodeId: string; view: NodeRunView; runId?: string }) {
  const ports = usePorts(nodeId, 'outputs');
  const entries = Object.entries(view.outputs ?? {});
  return (
    <>
      {view.error && <pre className="out-error">{view.error}</pre>}
      {entries.length > 0
        ? entries.map(([port, value]) => <PortValue key={port} name={port} type={ports.find((p) => p.name === port)?.type} value={value} runId={runId} nodeId={nodeId} />)
        : !view.error && <p className="faint">No outputs yet.</p>}
    </>
  );
}

/** What reached each connected input in the run shown: the outputs of the nodes wired to it. */
function InputTab({ nodeId, runId }: { nodeId: string; runId?: string }) {
  const edges = useGraph(useShallow((s) => s.edges.filter((e) => e.target === nodeId)));
  const nodes = useRuns((s) => s.nodes);
  const types = usePorts(nodeId, 'inputs');
  if (!edges.length) return <p className="faint">Nothing is connected to this node’s inputs.</p>;
  return (
    <>
      {edges.map((e) => {
        const outputs = nodes[e.source]?.outputs;
        const port = e.targetHandle ?? '';
        const has = outputs !== undefined && e.sourceHandle != null && Object.hasOwn(outputs, e.sourceHandle);
        return has ? (
          <div key={e.id}>
            <p className="faint from">
              from {e.source} · {e.sourceHandle}
            </p>
            <PortValue name={port} type={types.find((p) => p.name === port)?.type} value={outputs[e.sourceHandle!]} runId={runId} nodeId={e.source} />
          </div>
        ) : (
          <div key={e.id} className="port-value">
            <div className="field-label">{port}</div>
            <p className="faint">
              Nothing yet from {e.source} · {e.sourceHandle}.
            </p>
          </div>
        );
      })}
    </>
  );
}

/** What the node received and produced in the run shown (or why it failed). */
export function NodeOutputs({ view, nodeId }: { view: NodeRunView; nodeId: string }) {
  const [tab, setTab] = useState<Tab>('output');
  const runId = useRuns((s) => (s.viewing ?? s.current)?.id);
  return (
    <div className="outputs" data-testid="node-outputs">
      <div className="section-title">Result of the run shown</div>
      <div className="seg" role="tablist" aria-label="Inputs or outputs of the node">
        <button role="tab" aria-selected={tab === 'input'} onClick={() => setTab('input')}>
          Input
        </button>
        <button role="tab" aria-selected={tab === 'output'} onClick={() => setTab('output')}>
          Output
        </button>
      </div>
      {tab === 'output' ? <OutputTab nodeId={nodeId} view={view} runId={runId} /> : <InputTab nodeId={nodeId} runId={runId} />}
    </div>
  );
}

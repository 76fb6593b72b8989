import { definitionsByKind } from '../../../nodes/definitions';
import { isPipelineNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { useNodeRun, useRuns } from '../state/runs';
import { DiagnoseCard } from '../runs/DiagnoseCard';
import { run } from '../state/session';
import { reportError, useUi } from '../state/ui';
import { StatusBadge } from '../canvas/StatusBadge';
import { KindIcon, PlayIcon } from '../ui/icons';
import { NodeError } from './NodeError';
import { NodeOutputs } from './NodeOutputs';
import { OutputJump } from './outputs/OutputJump';
import { useNodeIssues } from '../canvas/NodeIssues';
import { useStale } from '../state/use-stale';
import { PinControls } from './PinControls';
import { NodeCost } from '../runs/CostSummary';
import { ParamsForm } from './ParamsForm';

const EMPTY: never[] = [];

function LabelField({ nodeId, placeholder, value, readOnly }: { nodeId: string; placeholder: string; value?: string; readOnly: boolean }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor="node-label">
        label
        <span className="type">shown on the canvas</span>
      </label>
      <input
        id="node-label"
        className="input"
        readOnly={readOnly}
        placeholder={placeholder}
        value={value ?? ''}
        onChange={(e) => useGraph.getState().updateNode(nodeId, { label: e.target.value || undefined })}
      />
    </div>
  );
}

function DisabledSwitch({ nodeId, disabled, readOnly }: { nodeId: string; disabled: boolean; readOnly: boolean }) {
  return (
    <label className="switch" style={{ marginTop: 4 }}>
      <input
        type="checkbox"
        disabled={readOnly}
        checked={disabled}
        onChange={(e) => useGraph.getState().updateNode(nodeId, { disabled: e.target.checked || undefined })}
      />
      Disabled (skipped when the pipeline runs)
    </label>
  );
}

export function NodeInspector({ nodeId }: { nodeId: string }) {
  const node = useGraph((s) => s.nodes.find((n) => n.id === nodeId));
  const issues = useGraph((s) => s.issuesByNode[nodeId]) ?? EMPTY;
  const readOnly = useGraph((s) => s.readOnly);
  const runView = useNodeRun(nodeId);
  const runId = useRuns((s) => (s.viewing ?? s.current)?.id);
  const plain = useNodeIssues(nodeId);
  const stale = useStale(nodeId, runView && node?.data);
  if (!node) return null;
  const def = definitionsByKind.get(node.data.kind);
  // A comment or group never runs: no run buttons, label, switch or outputs, only its params.
  const note = !isPipelineNode(node);
  const runScope = (kind: 'node' | 'from' | 'upTo') => void run({ kind, nodeId }).catch(reportError);
  return (
    <div data-testid="inspector" data-node={nodeId}>
      <div className="inspector-head">
        <span className="pw-node-icon" aria-hidden="true">
          <KindIcon name={def?.icon} size={18} />
        </span>
        <div style={{ flex: 1, minWidth: 0 }}>
          <h3>{node.data.label || def?.title || node.data.kind}</h3>
          <div className="faint mono">
            {nodeId} · {node.data.kind}
            {def ? ` v${def.version}` : ''}
          </div>
          {def && <p className="inspector-desc">{def.description}</p>}
        </div>
      </div>
      {runView?.status === 'failed' && runView.error && <NodeError nodeId={nodeId} error={runView.error} stale={stale} />}
      {runView && (
        <div className="row" style={{ marginBottom: 10 }}>
          <StatusBadge status={runView.status} startedAt={runView.startedAt} durationMs={runView.durationMs} stale={stale} />
          <button className="btn small ghost" onClick={() => useUi.getState().setLogsOpen(true)}>
            Show logs
          </button>
          <OutputJump />
        </div>
      )}
      {runView?.status === 'failed' && runId && <DiagnoseCard runId={runId} nodeId={nodeId} />}
      {!readOnly && !note && (
        <div className="inspector-actions">
          <button className="btn small" onClick={() => runScope('node')} title="Run only this node (what it needs comes from the cache or runs)">
            <PlayIcon size={13} aria-hidden="true" /> Run this node
          </button>
          <button className="btn small" onClick={() => runScope('from')} title="Run this node and everything after it again">
            Run from here
          </button>
          <button className="btn small" onClick={() => runScope('upTo')} title="Run this node and what it needs">
            Run up to here
          </button>
        </div>
      )}
      {plain.loud.length + plain.quiet.length > 0 && (
        <ul className="issue-list">
          {/* A param's problem shows beside its field in the form below. */}
          {plain.loud.filter((i) => i.code !== 'invalid-param').map((i, n) => (
            <li key={n}>{i.short}</li>
          ))}
          {plain.quiet.map((i, n) => (
            <li key={`q${n}`} className="quiet">
              {i.short}
            </li>
          ))}
        </ul>
      )}
      {!def ? (
        <p className="field-error">This build has no node kind “{node.data.kind}”: it cannot run. Remove the node or update Pipewright.</p>
      ) : (
        <>
          {!note && <LabelField nodeId={nodeId} placeholder={def.title} value={node.data.label} readOnly={readOnly} />}
          <ParamsForm nodeId={nodeId} def={def} params={node.data.params} settings={node.data.settings} issues={issues} readOnly={readOnly} />
          {!note && <DisabledSwitch nodeId={nodeId} disabled={Boolean(node.data.disabled)} readOnly={readOnly} />}
        </>
      )}
      {!note && <PinControls nodeId={nodeId} />}
      {!note && <NodeCost nodeId={nodeId} />}
      {runView && <NodeOutputs view={runView} nodeId={nodeId} />}
    </div>
  );
}

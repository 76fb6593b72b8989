import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useLayoutEffect, useMemo, useRef } from 'react';
import { definitionsByKind } from '../../../nodes/definitions';
import { PORT_COLOURS, type PortSpec, type PortType, type TaskProgress } from '../../../nodes/sdk';
import type { PipelineFlowNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { nodePorts } from '../state/ports';
import { useNodeRun } from '../state/runs';
import { useDetailed } from './detail';
import { NodeBox, summaryOf, useMeasured } from './NodeBox';
import { claimShape, learnShape, measureShape, releaseShape, shapeKey, useShapes } from './node-shape';
import { NodeIssues, useNodeIssues } from './NodeIssues';
import { useStale } from '../state/use-stale';
import { NodeLiveValue } from './NodeLiveValue';
import { StatusBadge } from './StatusBadge';
import { NodeBadges } from './NodeBadges';
import { NodeOpen } from './NodeOpen';
import { NodeProgress } from './NodeProgress';
import { KindIcon } from '../ui/icons';

const CONTENTS = { display: 'contents' } as const;

/** One style object per port type, so a handle's props stay the same from render to render. */
const HANDLE_STYLES = Object.fromEntries(Object.entries(PORT_COLOURS).map(([type, colour]) => [type, { background: colour }])) as Record<
  PortType,
  { background: string }
>;

/**
 * A port: its handle and its name. On a node not drawn in full (see detail.ts) the handle is a
 * plain element with the same classes, box and data attributes as React Flow's: measured the
 * same, so edges attach to the same points, but without React Flow's two store subscriptions
 * per handle, which every pan frame would run ten thousand times on a big graph.
 */
const Port = memo(function Port({ port, side, nodeId, plain }: { port: PortSpec; side: 'in' | 'out'; nodeId: string; plain: boolean }) {
  const type = side === 'in' ? 'target' : 'source';
  const position = side === 'in' ? Position.Left : Position.Right;
  return (
    <div className={`pw-port ${side}`} data-port={port.name} title={port.description ?? `${port.name} (${port.type})`}>
      {plain ? (
        <div
          className={`react-flow__handle react-flow__handle-${position} pw-handle ${type}`}
          style={HANDLE_STYLES[port.type]}
          data-handleid={port.name}
          data-nodeid={nodeId}
          data-handlepos={position}
          data-port-type={port.type}
        />
      ) : (
        <Handle type={type} position={position} id={port.name} className="pw-handle" style={HANDLE_STYLES[port.type]} data-port-type={port.type} />
      )}
      <span>{port.name}</span>
      {side === 'in' && port.optional && <span className="optional" title="optional">?</span>}
    </div>
  );
});

const TASK_MARK: Record<TaskProgress['status'], string> = { queued: '·', running: '…', done: '✓', failed: '✗', stopped: '■', reused: '↺' };

/** The tasks a node reported (a team's agents at work), each with its owner and status. */
const NodeTasks = memo(function NodeTasks({ tasks }: { tasks: TaskProgress[] }) {
  return (
    <ul className="pw-node-tasks" data-testid="node-tasks">
      {tasks.map((task) => (
        <li key={task.id} data-status={task.status} title={task.detail ?? task.title}>
          <span className="pw-task-mark">{TASK_MARK[task.status]}</span>{' '}
          {task.owner && <b>{task.owner}</b>} {task.title}
        </li>
      ))}
    </ul>
  );
});

/**
 * One node on the canvas. It reads its own run status and issues from the stores by id, so a
 * status change re-renders this node only, and log output re-renders none.
 */
export const PipelineNode = memo(function PipelineNode({ id, data, height }: NodeProps<PipelineFlowNode>) {
  const def = definitionsByKind.get(data.kind);
  const resolved = useGraph((s) => s.resolvedPorts[id]);
  const issues = useNodeIssues(id);
  const run = useNodeRun(id);
  const stale = useStale(id, run && data);
  const detailed = useDetailed(id);
  const measured = useMeasured(id);
  const ports = useMemo(() => nodePorts(data.kind, data.params, resolved), [data.kind, data.params, resolved]);
  const summary = useMemo(() => summaryOf(def, data.params), [def, data.params]);
  const rows = Math.max(ports.inputs.length, ports.outputs.length);
  const classes = ['pw-node', issues.loud.length ? 'has-issues' : '', data.disabled ? 'disabled' : '', run ? `status-${run.status}` : '']
    .filter(Boolean)
    .join(' ');
  // What sets the node's layout, for a box to borrow the size and ports of a node of the same
  // shape (node-shape.ts). Rows added to the node in full belong here too; a row this misses
  // only leaves a box a little off in size until the node is first drawn in full and measured.
  const key = shapeKey({
    kind: data.kind,
    inputs: ports.inputs.map((p) => p.name + (p.optional ? '?' : '')),
    outputs: ports.outputs.map((p) => p.name),
    rows: [
      !!run,
      (run?.attempt ?? 0) > 1,
      run?.status === 'running' && !!run.progress,
      !!summary,
      !!data.settings?.pinned,
      !!run?.outputs,
      run?.tasks?.length,
      issues.loud.length,
      issues.quiet.length,
      run?.status === 'failed',
    ],
  });
  const shape = useShapes((s) => s.shapes[key]);
  const full = useRef<HTMLDivElement>(null);
  const measuring = !detailed && !shape && claimShape(key, id);
  useLayoutEffect(() => {
    // Laid out in full and its shape not known yet: learn it now, before the frame is painted,
    // so that the nodes waiting for it are drawn as boxes in that same frame.
    if (shape || !full.current) return;
    learnShape(key, measureShape(full.current) ?? 'full');
  });
  useLayoutEffect(() => (measuring ? () => releaseShape(key, id) : undefined), [measuring, key, id]);
  // Boxes: zoomed far out, or off screen on a big graph (detail.ts). Keep this path cheap: what
  // is added to nodes (progress, live values, buttons, badges) goes below, in the node drawn in
  // full, never in the box, or every node of a big graph pays for it on every frame.
  if (!detailed) {
    if (height && measured()) return <NodeBox id={id} className={classes} height={height} />;
    if (shape && shape !== 'full') return <NodeBox id={id} className={classes} height={shape.height} shape={shape.handles} />;
    // Another node of this shape is being laid out in full: this one waits for its shape,
    // unseen, in the same frame.
    if (!shape && !measuring) return <div className={`${classes} lod pw-node-waiting`} />;
  }
  // Laid out in full: drawn (detailed), or hidden (.lod) to be measured for the box it becomes.
  return (
    <div ref={full} className={detailed ? classes : `${classes} lod`} data-kind={data.kind}>
      <div className="pw-node-head">
        <span className="pw-node-icon" aria-hidden="true">
          <KindIcon name={def?.icon} />
        </span>
        <div className="pw-node-title">
          <div className="name">{data.label || def?.title || data.kind}</div>
          <div className="kind">{id}</div>
        </div>
      </div>
      {run && (
        <div className="pw-node-status">
          <StatusBadge status={run.status} startedAt={run.startedAt} durationMs={run.durationMs} stale={stale} />
          {run.attempt !== undefined && run.attempt > 1 && <span className="faint">attempt {run.attempt}</span>}
        </div>
      )}
      {run?.status === 'running' && run.progress ? <NodeProgress progress={run.progress} /> : null}
      {summary && <div className="pw-node-summary">{summary}</div>}
      <NodeBadges id={id} kind={data.kind} params={data.params} disabled={data.disabled} />
      <NodeLiveValue id={id} kind={data.kind} ports={ports} pinned={Boolean(data.settings?.pinned)} summary={summary} />
      {run?.outputs && <NodeOpen nodeId={id} outputs={ports.outputs} />}
      {run?.tasks?.length ? <NodeTasks tasks={run.tasks} /> : null}
      {rows > 0 && (
        <div className="pw-ports">
          {Array.from({ length: rows }, (_, i) => (
            <div key={i} style={CONTENTS}>
              {ports.inputs[i] ? <Port port={ports.inputs[i]} side="in" nodeId={id} plain={!detailed} /> : <div />}
              {ports.outputs[i] ? <Port port={ports.outputs[i]} side="out" nodeId={id} plain={!detailed} /> : <div />}
            </div>
          ))}
        </div>
      )}
      <NodeIssues nodeId={id} loud={issues.loud} quiet={issues.quiet} run={run} stale={stale} />
    </div>
  );
});

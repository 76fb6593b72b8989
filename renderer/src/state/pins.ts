import { definitionsByKind } from '../../../nodes/definitions';
import { pinRefusal, type EngineSettings } from '../../../nodes/sdk';
import { isPipelineNode } from './flow-document';
import { useGraph } from './graph';
import { nodePorts } from './ports';
import { useRuns } from './runs';
import { useUi } from './ui';

/** Why the node's result on screen cannot be pinned now, or undefined when it can. */
export function pinProblem(nodeId: string): string | undefined {
  const graph = useGraph.getState();
  if (graph.readOnly) return 'this pipeline is open read-only';
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node || !isPipelineNode(node)) return 'only a step that runs has a result to pin';
  const def = definitionsByKind.get(node.data.kind);
  if (!def) return `this build has no node kind "${node.data.kind}"`;
  const run = useRuns.getState().nodes[nodeId];
  const ports = nodePorts(node.data.kind, node.data.params, graph.resolvedPorts[nodeId]);
  const kindProblem = pinRefusal(def, ports);
  if (kindProblem) return kindProblem;
  if (!run || (run.status !== 'succeeded' && run.status !== 'cached') || !run.outputs) return 'run the node first: a pin keeps the result of a run';
  return pinRefusal(def, ports, run.outputs);
}

function setPinned(nodeId: string, pinned: EngineSettings['pinned']): void {
  const graph = useGraph.getState();
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node || !isPipelineNode(node)) return;
  const { pinned: _old, ...rest } = node.data.settings ?? {};
  const settings = pinned ? { ...rest, pinned } : rest;
  graph.updateNode(nodeId, { settings: Object.keys(settings).length ? settings : undefined });
}

/** Pins the node's result of the run on screen: runs then hand it on instead of running the node. */
export function pinNode(nodeId: string): void {
  const problem = pinProblem(nodeId);
  if (problem) {
    useUi.getState().toast('error', `Cannot pin "${nodeId}": ${problem}`);
    return;
  }
  const runs = useRuns.getState();
  const runId = (runs.viewing ?? runs.current)?.id;
  setPinned(nodeId, { outputs: runs.nodes[nodeId]!.outputs!, at: Date.now(), ...(runId ? { runId } : {}) });
}

/** Removes the node's pin: the next run runs it again. */
export function unpinNode(nodeId: string): void {
  setPinned(nodeId, undefined);
}

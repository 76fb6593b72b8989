import { call } from '../api';
import { slug } from '../state/slug';
import { useCatalog } from '../state/catalog';
import { isPipelineNode } from '../state/flow-document';
import { useGraph } from '../state/graph';
import { planSubPipeline } from '../state/sub-pipeline';
import { reportError, useUi } from '../state/ui';

/**
 * "Make a sub-pipeline": asks for a name, saves the selected nodes as a new pipeline of the
 * project, and puts one node that runs it in their place. The new pipeline stays when the
 * replacement is undone: undo gives back the nodes, and the pipeline remains in the palette.
 */
export function makeSubPipeline(): void {
  const ui = useUi.getState();
  const graph = useGraph.getState();
  if (graph.readOnly) {
    ui.toast('info', 'This is a past run: go back to editing to make a sub-pipeline');
    return;
  }
  // Refuse at once, before asking for a name, when the selection cannot become one.
  const check = planSubPipeline(graph, { id: 'check', name: 'check' });
  if (typeof check === 'string') {
    ui.toast('error', `No sub-pipeline made: ${check}`);
    return;
  }
  const steps = graph.nodes.filter((n) => n.selected && isPipelineNode(n)).length;
  ui.openDialog({
    type: 'prompt',
    title: `Make a sub-pipeline of ${steps} step${steps === 1 ? '' : 's'}`,
    label: 'Name of the new pipeline',
    value: `${graph.meta?.name ?? 'Pipeline'} part`,
    confirm: 'Make sub-pipeline',
    onConfirm: (name) => create(name.trim()).catch(reportError),
  });
}

async function create(name: string): Promise<void> {
  if (!name) throw new Error('No sub-pipeline made: give the new pipeline a name');
  const graph = useGraph.getState();
  if (!graph.projectId) return;
  const plan = planSubPipeline(graph, { id: slug(name), name, description: `Made from "${graph.meta?.name ?? graph.pipelineId}"` });
  if (typeof plan === 'string') throw new Error(`No sub-pipeline made: ${plan}`);
  const saved = await call('pipeline.create', { doc: plan.doc, projectId: graph.projectId });
  void useCatalog.getState().refresh();
  const now = useGraph.getState();
  if (now.revision !== graph.revision || now.pipelineId !== graph.pipelineId) {
    // The graph changed while the pipeline was saved: replacing a selection that moved on
    // would lose that change, so the pipeline is only offered in the palette.
    throw new Error(`The graph changed while "${name}" was saved: it is in the palette under Pipelines, and the selection was left as it is`);
  }
  now.replaceWithSubPipeline(plan.replace(saved.id));
  useUi.getState().toast('success', `Made sub-pipeline "${name}": double-click its node to open it`);
}

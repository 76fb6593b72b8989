import { definitionsByKind } from '../../../nodes/definitions';
import { call } from '../api';
import { useCatalog } from './catalog';
import { useGraph } from './graph';
import { saveNow } from './session';
import { useTrail } from './trail';
import { useUi } from './ui';

/**
 * Opens the pipeline a sub-pipeline node runs in the editor, one level in, with the way back
 * in the breadcrumb. A bundled template is not opened: it is not the project's to edit.
 */
export async function openInnerPipeline(nodeId: string): Promise<void> {
  const graph = useGraph.getState();
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (!node || !graph.pipelineId || !graph.meta || definitionsByKind.get(node.data.kind)?.role !== 'subpipeline') return;
  const ui = useUi.getState();
  if (graph.readOnly) {
    ui.toast('info', 'This is a past run: go back to editing to open the pipeline a node runs');
    return;
  }
  const ref = node.data.params.ref;
  if (typeof ref !== 'string' || !ref) {
    ui.toast('error', `"${nodeId}" runs no pipeline yet: set its ref in the inspector, or drop one from Pipelines in the palette`);
    return;
  }
  const entry = useCatalog.getState().entries.find((e) => e.ref === ref);
  if (entry?.source === 'template' || (!entry && /\.json$/i.test(ref))) {
    ui.toast('info', `"${ref}" is a bundled template, not a saved pipeline: open it from the start page to edit a copy of it`);
    return;
  }
  let name: string;
  try {
    name = (await call('pipeline.open', { id: ref })).doc.name;
  } catch (err) {
    ui.toast('error', `"${nodeId}" runs pipeline "${ref}", which cannot be opened: ${(err as Error).message}`);
    return;
  }
  await saveNow();
  useTrail.getState().enter({ id: graph.pipelineId, name: graph.meta.name }, { id: ref, name });
}
